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

    /// <summary>The dotnet host that runs the tests (what starts the built <c>amts.dll</c> as a child).</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Runs the built <c>amts</c> as a child process with extra environment variables (for what must not
    /// reach the other tests of the process, such as git's own switches).</summary>
    public static CliResult RunProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "amts.dll"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
            psi.Environment[name] = value;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
