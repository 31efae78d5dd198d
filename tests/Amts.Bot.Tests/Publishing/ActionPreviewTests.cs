using System.Text.Json;
using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;
using Amts.Bot.Tests.Fakes;
using Amts.Cli.Commands;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// Issue 20: <c>amts action --preview</c> runs the action's pipeline for one language against local clones, with no
/// token and no network, and writes what it would push and post. For the same range, what it writes is what the
/// action posts to the GitHub fake: the title, the body, the review and its line comments, the quality comment, the
/// labels, and the branch's tree. The demo's pr.md is that body (one renderer).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ActionPreviewTests : ActionFixture
{
    const string Config =
        "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n"
        + "    reviewers: [astonzhang]\n";

    int RunAction(string before, string after)
    {
        Directory.CreateDirectory(Path.Combine(workspace, ".github"));
        File.WriteAllText(Path.Combine(workspace, ".github", "amts.yml"), Config);
        var eventPath = Path.Combine(runner, "event.json");
        File.WriteAllText(
            eventPath,
            JsonSerializer.Serialize(
                new
                {
                    before,
                    after,
                    forced = false,
                }
            )
        );
        var env = new Dictionary<string, string?>
        {
            ["INPUT_GITHUB_TOKEN"] = FakeGitHub.Token,
            ["INPUT_CONFIG"] = ".github/amts.yml",
            ["INPUT_LANGUAGE"] = "zh",
            ["INPUT_ENGINE"] = "",
            ["INPUT_DRY_RUN"] = "false",
            ["INPUT_LANGUAGE_TIMEOUT_MINUTES"] = "60",
            ["GITHUB_WORKSPACE"] = workspace,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_SHA"] = after,
            ["GITHUB_REPOSITORY"] = "d2l-ai/d2l-en",
            ["GITHUB_SERVER_URL"] = git.Url.ToString(),
            ["GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["GITHUB_OUTPUT"] = Path.Combine(runner, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(runner, "summary.md"),
            ["RUNNER_TEMP"] = runner,
        };
        return ActionCommand.Run(new ActionOptions(), new StringWriter(), new StringWriter(), env);
    }

    /// <summary>The preview on a local clone of d2l-zh, with the addresses the action has (the fake's).</summary>
    (CliResult Result, string Out) Preview(string target, string from, string to)
    {
        var output = Path.Combine(TestData.TempDir(), "preview");
        var r = CliRunner.Run(
            "action",
            "--preview",
            "--source",
            workspace,
            "--target",
            target,
            "--lang",
            "zh",
            "--from",
            from,
            "--to",
            to,
            "--out",
            output,
            "--repo-url",
            git.Url + "d2l-ai/d2l-en",
            "--server-url",
            "https://github.example"
        );
        return (r, output);
    }

    [Fact]
    public void The_preview_writes_what_the_action_posts_to_github_for_the_same_range()
    {
        Assert.Equal(0, RunAction(Commit(21), Commit(23)));
        var pull = Assert.Single(github.Pulls);

        var local = TestData.FreshClone("d2l-zh");
        var localHead = new GitCli(local).Run("rev-parse", "HEAD").Trim();
        var (r, output) = Preview(local, Commit(21), Commit(23));
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Equal(pull.Title + "\n", File.ReadAllText(Path.Combine(output, "pull-request-title.txt")));
        Assert.Equal(pull.Body, File.ReadAllText(Path.Combine(output, "pull-request-body.md")));
        var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "pull-request.json"))).RootElement;
        Assert.Equal(pull.Labels, meta.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Equal(
            pull.Reviewers,
            meta.GetProperty("reviewers").EnumerateArray().Select(e => e.GetString()!).ToList()
        );
        Assert.Equal("amts/sync-zh", meta.GetProperty("head").GetString());

        var quality = Assert.Single(github.Comments);
        Assert.Equal(quality.Body, File.ReadAllText(Path.Combine(output, "quality-comment.md")));
        // The review is on the sync commit, whose id git makes from the time: the same but for that id.
        var review = Assert.Single(github.Reviews);
        var previewReview = JsonDocument
            .Parse(File.ReadAllText(Path.Combine(output, "review-comments.json")))
            .RootElement;
        var previewCommit = previewReview.GetProperty("commit_id").GetString()!;
        Assert.Equal(
            review.Body.Replace(review.CommitId, previewCommit, StringComparison.Ordinal),
            File.ReadAllText(Path.Combine(output, "review.md"))
        );
        var comments = previewReview
            .GetProperty("comments")
            .EnumerateArray()
            .Select(c =>
                (
                    c.GetProperty("path").GetString()!,
                    c.GetProperty("line").GetInt32(),
                    c.GetProperty("body").GetString()!
                )
            )
            .ToList();
        Assert.Equal(review.Comments.Select(c => (c.Path, c.Line, c.Body)).ToList(), comments);

        // What would be pushed: the same tree on amts/sync-zh; the local clone itself is untouched.
        var pushed = git.Git("d2l-ai/d2l-zh").Run("rev-parse", "amts/sync-zh^{tree}").Trim();
        Assert.Contains($"(tree {pushed})", File.ReadAllText(Path.Combine(output, "push.txt")));
        Assert.Contains("refs/heads/amts/sync-zh (new) -> ", File.ReadAllText(Path.Combine(output, "push.txt")));
        Assert.Contains("refs/notes/amts", File.ReadAllText(Path.Combine(output, "push.txt")));
        Assert.Contains("diff --git", File.ReadAllText(Path.Combine(output, "sync.diff")));
        Assert.Equal(localHead, new GitCli(local).Run("rev-parse", "HEAD").Trim());
        Assert.Equal("", new GitCli(local).Run("status", "--porcelain"));
        Assert.NotEqual(0, new GitCli(local).TryRun(out _, "rev-parse", "--verify", "-q", "amts/sync-zh"));

        // The job summary and the report, as the action writes them.
        Assert.Contains("| zh | d2l-ai/d2l-zh | created |", File.ReadAllText(Path.Combine(output, "summary.md")));
        Assert.Equal(
            "# " + pull.Title + "\n\n" + pull.Body,
            File.ReadAllText(Path.Combine(output, "amts-report", "zh", "pr.md"))
        );
    }

    [Fact]
    public void The_preview_of_the_bundled_examples_and_the_demos_pr_md_are_the_actions_body()
    {
        // The action on the bundled excerpt (the demo's books), against the fake.
        git.AddRepository(
            "d2l-ai/d2l-zh-excerpt",
            Path.Combine(TestData.RepoRoot, "examples", "d2l-zh-excerpt.bundle")
        );
        github.Repos["d2l-ai/d2l-zh-excerpt"] = new GitCli(git.PathOf("d2l-ai/d2l-zh-excerpt"))
            .Run("symbolic-ref", "--short", "HEAD")
            .Trim();
        var excerpt = Path.Combine(TestData.TempDir(), "en");
        GitCli.Clone(Path.Combine(TestData.RepoRoot, "examples", "d2l-en-excerpt.bundle"), excerpt);
        var commits = new GitCli(excerpt)
            .Run("rev-list", "--reverse", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ws = workspace;
        Directory.Delete(ws, true);
        Directory.Move(excerpt, ws);
        Directory.CreateDirectory(Path.Combine(ws, ".github"));
        var config = "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh-excerpt\n";
        File.WriteAllText(Path.Combine(ws, ".github", "amts.yml"), config);
        var eventPath = Path.Combine(runner, "event.json");
        File.WriteAllText(
            eventPath,
            JsonSerializer.Serialize(
                new
                {
                    before = commits[0],
                    after = commits[^1],
                    forced = false,
                }
            )
        );
        var env = new Dictionary<string, string?>
        {
            ["INPUT_GITHUB_TOKEN"] = FakeGitHub.Token,
            ["INPUT_LANGUAGE"] = "zh",
            ["INPUT_DRY_RUN"] = "false",
            ["GITHUB_WORKSPACE"] = ws,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_SHA"] = commits[^1],
            ["GITHUB_REPOSITORY"] = "d2l-ai/d2l-en",
            ["GITHUB_SERVER_URL"] = git.Url.ToString(),
            ["GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["GITHUB_OUTPUT"] = Path.Combine(runner, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(runner, "summary.md"),
            ["RUNNER_TEMP"] = runner,
        };
        Assert.Equal(0, ActionCommand.Run(new ActionOptions(), new StringWriter(), new StringWriter(), env));
        var pull = Assert.Single(github.Pulls);

        var local = Path.Combine(TestData.TempDir(), "zh");
        GitCli.Clone(Path.Combine(TestData.RepoRoot, "examples", "d2l-zh-excerpt.bundle"), local);
        var output = Path.Combine(TestData.TempDir(), "preview");
        var r = CliRunner.Run(
            "action",
            "--preview",
            "--source",
            ws,
            "--target",
            local,
            "--lang",
            "zh",
            "--from",
            commits[0],
            "--to",
            commits[^1],
            "--out",
            output,
            "--repo-url",
            git.Url + "d2l-ai/d2l-en",
            "--server-url",
            "https://github.example"
        );
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Equal(pull.Title + "\n", File.ReadAllText(Path.Combine(output, "pull-request-title.txt")));
        Assert.Equal(pull.Body, File.ReadAllText(Path.Combine(output, "pull-request-body.md")));

        // The demo renders the same body (its pr.md: the title line, then the body, as the action's report writes it).
        var work = Path.Combine(TestData.TempDir(), "demo");
        var demo = CliRunner.Run(
            "demo",
            "--examples",
            Path.Combine(TestData.RepoRoot, "examples"),
            "--work",
            work,
            "--repo-url",
            git.Url + "d2l-ai/d2l-en",
            "--server-url",
            "https://github.example"
        );
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        var prMd = File.ReadAllText(Path.Combine(work, "report", "pr.md"));
        Assert.Equal(
            "# " + pull.Title + "\n\n" + pull.Body.Replace("d2l-zh-excerpt", "d2l-zh", StringComparison.Ordinal),
            prMd
        );
    }

    [Fact]
    public void The_preview_needs_no_token_and_refuses_what_it_cannot_do_offline()
    {
        var local = TestData.FreshClone("d2l-zh");
        var r = CliRunner.Run(
            "action",
            "--preview",
            "--source",
            workspace,
            "--target",
            local,
            "--lang",
            "zh",
            "--engine",
            "aws",
            "--out",
            Path.Combine(TestData.TempDir(), "o")
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--engine aws: the preview runs offline (use memory or apertium)", r.Stderr);
        var missing = CliRunner.Run(
            "action",
            "--preview",
            "--source",
            workspace,
            "--lang",
            "zh",
            "--out",
            TestData.TempDir()
        );
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--preview needs --target", missing.Stderr);
        Assert.Empty(github.Requests);
    }

    /// <summary>The README's "Try it on your machine" commands, as written (its /tmp paths moved to a test folder; the
    /// shell expands the arguments, the command line runs in process instead of <c>dotnet run</c>).</summary>
    [Fact]
    public void The_readmes_preview_command_works_as_written()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"));
        var section = readme[
            readme.IndexOf("## Try it on your machine", StringComparison.Ordinal)..readme.IndexOf(
                "## Installing the action",
                StringComparison.Ordinal
            )
        ];
        var block = System
            .Text.RegularExpressions.Regex.Matches(
                section,
                "```bash\n(.*?)```",
                System.Text.RegularExpressions.RegexOptions.Singleline
            )[1]
            .Groups[1]
            .Value;
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var tmp = TestData.TempDir();
        const string run = "dotnet run --project src/Amts.Cli -- ";
        Assert.StartsWith(run, lines[1]);
        // The clone line runs as is; the amts line is expanded by the shell into its arguments (NUL-separated).
        var script =
            lines[0].Replace("/tmp/", tmp + "/", StringComparison.Ordinal)
            + " && printf '%s\\0' "
            + lines[1][run.Length..].Replace("/tmp/", tmp + "/", StringComparison.Ordinal);
        var psi = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestData.RepoRoot,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var shell = System.Diagnostics.Process.Start(psi)!;
        var args = shell.StandardOutput.ReadToEnd().Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var err = shell.StandardError.ReadToEnd();
        shell.WaitForExit();
        Assert.True(shell.ExitCode == 0, err);
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("preview of zh: created", r.Stdout);
        foreach (
            var f in new[]
            {
                "pull-request-title.txt",
                "pull-request-body.md",
                "quality-comment.md",
                "push.txt",
                "sync.diff",
                "summary.md",
            }
        )
            Assert.True(File.Exists(Path.Combine(tmp, "amts-preview", f)), f);
    }
}
