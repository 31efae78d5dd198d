namespace Amts.Bot.Tests;

/// <summary>The house rules (files under 400 lines, lines of at most 120 characters), checked on the files of issue
/// 20's feature and their tests; the rest of the code is not all there yet.</summary>
[Trait("Category", "Unit")]
public class HouseRulesTests
{
    static readonly string[] Issue20Files =
    [
        "src/Amts.Bot/Publishing/Action/ActionInputs.cs",
        "src/Amts.Bot/Sync/SyncPreconditions.cs",
        "src/Amts.Cli/Interrupt.cs",
        "src/Amts.Bot/Publishing/Action/LocalForge.cs",
        "src/Amts.Cli/Commands/ActionPreview.cs",
        "src/Amts.Bot/Publishing/Action/ReviewOnly.cs",
        "tests/Amts.Bot.Tests/Publishing/ActionInputsTests.cs",
        "tests/Amts.Bot.Tests/Cli/CliRefusalTests.cs",
        "tests/Amts.Bot.Tests/Publishing/ActionMessagesTests.cs",
        "tests/Amts.Bot.Tests/Publishing/ActionPreviewTests.cs",
        "tests/Amts.Bot.Tests/Publishing/ActionReviewOnlyTests.cs",
        "tests/Amts.Bot.Tests/Cli/InterruptTests.cs",
        "tests/Amts.Bot.Tests/Publishing/AwsExampleTests.cs",
    ];

    [Fact]
    public void The_files_of_issue_20_keep_lines_of_at_most_120_characters_and_under_400_lines()
    {
        var broken = new List<string>();
        foreach (var file in Issue20Files)
        {
            var lines = File.ReadAllLines(Path.Combine(TestData.RepoRoot, file));
            if (lines.Length >= 400)
                broken.Add($"{file}: {lines.Length} lines");
            broken.AddRange(
                lines
                    .Select((l, i) => (Line: i + 1, l.Length))
                    .Where(x => x.Length > 120)
                    .Select(x => $"{file}:{x.Line}: {x.Length} characters")
            );
        }
        Assert.Empty(broken);
    }
}
