using Amts.Cli;

namespace Amts.Bot.Tests.Cli;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

public static class CliRunner
{
    /// <summary>Runs the <c>amts</c> command line in process, capturing what it prints.</summary>
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
