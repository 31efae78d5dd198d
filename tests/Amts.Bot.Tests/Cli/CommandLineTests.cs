using Amts.Bot.Errors;
using Amts.Cli;

namespace Amts.Bot.Tests.Cli;

/// <summary>The command line as .NET users expect it: --version, VERB --help on stdout with exit 0, usage errors on
/// stderr with the verb's usage and exit 2. The built CLI runs as a child process: Integration.</summary>
[Trait("Category", "Integration")]
public class CommandLineTests
{
    public static TheoryData<string[]> Verbs =>
        new()
        {
            { ["sync"] },
            { ["demo"] },
            { ["extract"] },
            { ["bleu"] },
            { ["action"] },
            { ["md", "check"] },
            { ["md", "blocks"] },
            { ["parallel-data", "publish"] },
            { ["terminology", "publish"] },
            { ["bench", "md"] },
            { ["bench", "bleu"] },
        };

    [Fact]
    public void Version_prints_the_informational_version()
    {
        var r = CliRunner.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^amts \d+\.\d+\.\d+\S*\r?\n$", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Every_verb_has_help_on_stdout(string[] verb)
    {
        var r = CliRunner.Run([.. verb, "--help"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith($"usage: amts {string.Join(' ', verb)} [options]", r.Stdout);
        Assert.Contains("--help", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Action_help_describes_its_environment_and_does_not_run()
    {
        // Without the help flag the action would fail at once on the missing token; with it, it only explains.
        var r = CliRunner.Run("action", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("INPUT_GITHUB_TOKEN", r.Stdout);
        Assert.DoesNotContain("::", r.Stdout);
    }

    [Fact]
    public void Sync_help_describes_every_option()
    {
        var r = CliRunner.Run("sync", "--help");
        foreach (
            var option in new[]
            {
                "--source",
                "--target",
                "--lang",
                "--from",
                "--to",
                "--engine",
                "--commit",
                "--report",
            }
        )
            Assert.Contains(option, r.Stdout);
    }

    [Fact]
    public void Every_option_of_every_verb_has_a_description()
    {
        var undocumented = typeof(Amts.Cli.CliApp)
            .Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(CommandLine.VerbAttribute), false).Length > 0)
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x =>
                x.Property.GetCustomAttributes(typeof(CommandLine.BaseAttribute), true)
                    .Cast<CommandLine.BaseAttribute>()
                    .Any(a => string.IsNullOrWhiteSpace(a.HelpText))
            )
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();
        Assert.Empty(undocumented);
    }

    [Fact]
    public void A_missing_required_option_says_which_and_shows_the_usage()
    {
        var r = CliRunner.Run("sync", "--source", "/tmp");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var first = r.Stderr.Split('\n')[0];
        Assert.StartsWith("amts sync: ", first);
        Assert.Contains("'target'", first);
        Assert.Contains("usage: amts sync [options]", r.Stderr);
        Assert.Contains("--lang", r.Stderr);
    }

    [Fact]
    public void An_unknown_option_says_which_and_shows_the_usage()
    {
        var r = CliRunner.Run("extract", "--frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("frobnicate", r.Stderr.Split('\n')[0]);
        Assert.Contains("usage: amts extract [options]", r.Stderr);
    }

    [Fact]
    public void A_group_without_its_verb_lists_the_verbs()
    {
        var r = CliRunner.Run("md");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("check", r.Stderr);
        Assert.Contains("blocks", r.Stderr);
    }

    [Fact]
    public void An_unexpected_exception_is_an_internal_error_with_exit_70_and_no_trace()
    {
        var stderr = new StringWriter();
        int code = CliApp.Guard("sync", debug: false, stderr, () =>
            throw new InvalidOperationException("the plan lost an edit")
        );
        Assert.Equal(70, code);
        Assert.Equal(
            "amts: internal error: System.InvalidOperationException: the plan lost an edit (please report; run with "
                + "--debug for details)",
            stderr.ToString().Trim()
        );
    }

    [Fact]
    public void The_exit_code_follows_the_error_kind_and_debug_adds_the_trace()
    {
        var stderr = new StringWriter();
        Assert.Equal(
            1,
            CliApp.Guard("sync", false, stderr, () => throw AmtsException.Service("GitHub said no", "try again"))
        );
        Assert.Equal("amts: sync: GitHub said no (try again)", stderr.ToString().Trim());
        var debug = new StringWriter();
        Assert.Equal(70, CliApp.Guard("sync", true, debug, () => throw AmtsException.Bug("invariant broken")));
        Assert.StartsWith(
            "amts: sync: invariant broken (a defect: please report; run with --debug for details)",
            debug.ToString()
        );
        Assert.Contains("   at ", debug.ToString());
    }

    [Fact]
    public void No_arguments_is_a_usage_error_and_help_is_not()
    {
        var none = CliRunner.Run();
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("usage: amts", none.Stderr);
        var help = CliRunner.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("exit codes: 0 success, 1 failure", help.Stdout);
    }
}
