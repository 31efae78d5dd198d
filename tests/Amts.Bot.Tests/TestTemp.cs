using System.Runtime.CompilerServices;

namespace Amts.Bot.Tests;

/// <summary>
/// A test run keeps its temporary files in one folder of its own, deleted when the run ends: before any test, the
/// test process points <c>TMPDIR</c> (what <see cref="Path.GetTempPath"/> reads on Linux and macOS, and what git,
/// Node and every child inherits) at a fresh folder under the machine's temp folder, only its owner can read it, and
/// the folder goes when the process exits. A run that passes leaves nothing in the temp folder.
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
            Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("TMPDIR", Root + Path.DirectorySeparatorChar);
        Environment.SetEnvironmentVariable("TMP", Root);
        Environment.SetEnvironmentVariable("TEMP", Root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(Root);
    }

    static void Delete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
