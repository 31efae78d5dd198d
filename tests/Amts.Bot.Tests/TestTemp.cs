using System.Runtime.CompilerServices;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Amts.Bot.Tests.TestRunFramework", "Amts.Bot.Tests")]

namespace Amts.Bot.Tests;

/// <summary>
/// A test run keeps its temporary files in one folder of its own, deleted when the run ends: before any test, the
/// test process points <c>TMPDIR</c> (what <see cref="Path.GetTempPath"/> reads on Linux and macOS, and what git,
/// Node and every child inherits) at a fresh folder under the machine's temp folder, only its owner can read it, and
/// the folder goes when the run ends (<see cref="TestRunFramework"/>: the test host is stopped right after the run, too
/// soon for a handler of the process' exit to delete a gigabyte of clones). A run that passes leaves nothing in the
/// temp folder.
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

/// <summary>xUnit's own framework, which deletes the run's temporary folder when the run is over (its disposal is the
/// end of the run, before the test host reports back).</summary>
public sealed class TestRunFramework : XunitTestFramework
{
    public TestRunFramework(IMessageSink messageSink)
        : base(messageSink) => DisposalTracker.Add(new DeleteOnDispose());

    sealed class DeleteOnDispose : IDisposable
    {
        public void Dispose() => TestTemp.Delete(TestTemp.Root);
    }
}
