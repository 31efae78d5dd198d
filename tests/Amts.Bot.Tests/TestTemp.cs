using System.Runtime.CompilerServices;

namespace Amts.Bot.Tests;

/// <summary>
/// A test run keeps its temporary files in one folder of its own, deleted when the run ends: before any test, the
/// test process points <c>TMPDIR</c> (what <see cref="Path.GetTempPath"/> reads on Linux and macOS, and what git,
/// Node and every child inherits) at a fresh folder under the machine's temp folder (others may read it: a test runs
/// the CLI as another user on clones kept there), and
/// the folder goes when the test process has gone: a watcher (a shell in a session of its own) waits for the process to
/// end and deletes it, because the test host is stopped right after the run, before any handler of its own exit or
/// xUnit's disposal has deleted a gigabyte of clones. A run that passes leaves nothing in the temp folder.
/// </summary>
static class TestTemp
{
    public static string Root { get; private set; } = "";

    [ModuleInitializer]
    internal static void Start()
    {
        var machine = Path.GetTempPath();
        Root = Path.Combine(machine, $"amts-tests-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(Root);
        else
            Directory.CreateDirectory(
                Root,
                UnixFileMode.UserRead
                    | UnixFileMode.UserWrite
                    | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead
                    | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead
                    | UnixFileMode.OtherExecute
            );
        Environment.SetEnvironmentVariable("TMPDIR", Root + Path.DirectorySeparatorChar);
        Environment.SetEnvironmentVariable("TMP", Root);
        Environment.SetEnvironmentVariable("TEMP", Root);
        if (!OperatingSystem.IsWindows())
            WatchAndDelete(Environment.ProcessId, Root);
    }

    static void WatchAndDelete(int pid, string folder)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (
            var a in new[]
            {
                "-f",
                "sh",
                "-c",
                "exec </dev/null >/dev/null 2>&1; while kill -0 \"$0\"; do sleep 1; done; rm -rf -- \"$1\"",
                pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                folder,
            }
        )
            psi.ArgumentList.Add(a);
        using var watcher = System.Diagnostics.Process.Start(psi);
        watcher?.WaitForExit(); // setsid -f returns at once; the shell lives on in its own session
    }

    internal static void Delete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The built CLI where another user can run it: a copy of the test output in the run's temp folder (the
/// repository itself may be in a folder only its owner can read).</summary>
static class SharedBuild
{
    static readonly Lazy<string> Folder = new(() =>
    {
        var to = Path.Combine(TestTemp.Root, "build-for-others");
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    });

    /// <summary>amts.dll in the copy.</summary>
    public static string Cli => Path.Combine(Folder.Value, "amts.dll");
}
