using System.Diagnostics;
using System.Text.Json;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Tests.Fakes;
using Amts.Cli.Commands;

namespace Amts.Bot.Tests.Publishing;

/// <summary>Issue 23, "small ones": what the action prints. A service's error page is cut to its message, each
/// line is printed once, a matrix job prints only its own language's configuration errors, and the token reaches
/// no child process but git's network commands.</summary>
[Trait("Category", "Integration")]
public class ActionMessagesTests : IDisposable
{
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task After_four_502s_the_error_names_the_page_not_its_html()
    {
        // GitHub's edge answers a 502 with its HTML error page ("Unicorn!"), not JSON.
        h.GitHub.ServerErrorNext(10);
        var client = new GitHubClient(new HttpClient(), h.GitHub.ApiUrl, FakeGitHub.Token, (_, _) =>
            Task.CompletedTask
        );
        var e = await Assert.ThrowsAsync<GitHubException>(() => client.GetRepoAsync(ActionHarness.Zh));
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, e.Status);
        Assert.DoesNotContain("<", e.UserMessage);
        Assert.DoesNotContain("{", e.UserMessage);
        Assert.Contains("Unicorn", e.UserMessage);
        Assert.True(e.UserMessage.Length < 300, e.UserMessage);
    }

    [Fact]
    public void The_pull_request_line_is_printed_once()
    {
        var outcome = Assert.Single(h.Push(h.Commit(21), h.Commit(23)));
        Assert.Equal(ActionOperation.Created, outcome.Operation);
        var lines = h.Host.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.Single(lines, l => l == $"zh: pull request #{outcome.PullNumber} created");
        var repeated = lines
            .GroupBy(l => l)
            .Where(g => g.Count() > 1 && !g.Key.StartsWith('['))
            .Select(g => g.Key)
            .ToList();
        Assert.True(repeated.Count == 0, "printed more than once: " + string.Join(" | ", repeated));
    }

    [Fact]
    public void A_matrix_job_prints_its_own_languages_configuration_errors_and_one_line_for_the_others()
    {
        var workspace = TestData.TempDir();
        Directory.CreateDirectory(Path.Combine(workspace, ".github"));
        File.WriteAllText(
            Path.Combine(workspace, ".github", "amts.yml"),
            "languages:\n  - code: pt\n    repository: d2l-ai/d2l-pt\n    engine: google\n"
                + "  - code: ko\n    repository: d2l-ai/d2l-ko\n    engine: deepl\n    opt_out: maybe\n"
                + "  - code: zh\n    repository: d2l-ai/d2l-zh\n"
        );
        var env = new Dictionary<string, string?>
        {
            ["INPUT_GITHUB_TOKEN"] = FakeGitHub.Token,
            ["INPUT_LANGUAGE"] = "pt",
            ["GITHUB_WORKSPACE"] = workspace,
            ["GITHUB_SHA"] = h.Commit(23),
            ["GITHUB_API_URL"] = h.GitHub.ApiUrl.ToString(),
            ["GITHUB_SERVER_URL"] = h.Git.Url.ToString(),
        };
        var stdout = new StringWriter();
        var code = ActionCommand.Run(new ActionOptions(), stdout, new StringWriter(), env);
        Assert.Equal(1, code);
        var errors = stdout
            .ToString()
            .Split('\n')
            .Where(l => l.StartsWith("::error", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(errors, l => l.Contains("line=4,col=13::unknown engine 'google'", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, l =>
            l.Contains("deepl", StringComparison.Ordinal) || l.Contains("maybe", StringComparison.Ordinal)
        );
        var summary = Assert.Single(stdout.ToString().Split('\n'), l =>
            l.Contains("other language", StringComparison.Ordinal)
        );
        Assert.Contains("ko", summary);
        Assert.Contains("2 configuration error(s)", summary);
    }

    /// <summary>Every child process of <c>amts action</c>, recorded by a <c>git</c> on the PATH of that process only
    /// that writes its command and whether its environment holds the token (as itself or as git's auth
    /// header).</summary>
    [Fact]
    public async Task Only_gits_network_commands_see_the_token()
    {
        var bin = TestData.TempDir();
        var census = Path.Combine(bin, "census.txt");
        var realGit = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':')
            .Select(d => Path.Combine(d, "git"))
            .First(File.Exists);
        var header = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("x-access-token:" + FakeGitHub.Token));
        File.WriteAllText(
            Path.Combine(bin, "git"),
            $$"""
            #!/bin/sh
            cmd=""; skip=0
            for a in "$@"; do
              if [ "$skip" = 1 ]; then skip=0; continue; fi
              case "$a" in -c|-C) skip=1 ;; -*) ;; *) cmd="$a"; break ;; esac
            done
            seen=no
            if env | grep -q -e '{{FakeGitHub.Token}}' -e '{{header}}'; then seen=yes; fi
            echo "$cmd $seen" >> '{{census}}'
            exec '{{realGit}}' "$@"
            """.Replace("\r", "")
        );
        if (!OperatingSystem.IsWindows()) // the census's git is a shell script
            File.SetUnixFileMode(
                Path.Combine(bin, "git"),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            );

        var workspace = h.English;
        Directory.CreateDirectory(Path.Combine(workspace, ".github"));
        File.WriteAllText(Path.Combine(workspace, ".github", "amts.yml"), ActionHarness.DefaultConfig);
        var runner = TestData.TempDir();
        var eventPath = Path.Combine(runner, "event.json");
        File.WriteAllText(
            eventPath,
            JsonSerializer.Serialize(
                new
                {
                    before = h.Commit(21),
                    after = h.Commit(23),
                    forced = false,
                }
            )
        );
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "amts.dll"));
        psi.ArgumentList.Add("action");
        psi.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["INPUT_GITHUB_TOKEN"] = FakeGitHub.Token;
        psi.Environment["GITHUB_WORKSPACE"] = workspace;
        psi.Environment["GITHUB_EVENT_PATH"] = eventPath;
        psi.Environment["GITHUB_REPOSITORY"] = "d2l-ai/d2l-en";
        psi.Environment["GITHUB_SERVER_URL"] = h.Git.Url.ToString();
        psi.Environment["GITHUB_API_URL"] = h.GitHub.ApiUrl.ToString();
        psi.Environment["GITHUB_OUTPUT"] = Path.Combine(runner, "output");
        psi.Environment["RUNNER_TEMP"] = runner;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "the action did not finish");
        Assert.True(p.ExitCode == 0, await output + await errors);
        Assert.Single(h.GitHub.Pulls);

        var children = File.ReadAllLines(census)
            .Select(l => l.Split(' '))
            .Select(f => (Command: f[0], Seen: f[1] == "yes"))
            .ToList();
        string[] network = ["fetch", "push", "clone", "ls-remote"];
        var leaked = children
            .Where(c => c.Seen && !network.Contains(c.Command))
            .Select(c => c.Command)
            .Distinct()
            .ToList();
        Assert.True(
            leaked.Count == 0,
            $"{children.Count(c => c.Seen && !network.Contains(c.Command))} of {children.Count} children "
                + "saw the token: "
                + string.Join(", ", leaked)
        );
        Assert.All(network.Where(n => n != "fetch" || children.Any(c => c.Command == "fetch")), n =>
            Assert.Contains((n, true), children)
        );
    }
}
