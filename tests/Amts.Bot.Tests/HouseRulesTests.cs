namespace Amts.Bot.Tests;

/// <summary>The house rules of layout: no line of C# over 120 characters anywhere (tools/format/wrap.sh lays the tree
/// out; <c>.ci/run</c> checks CSharpier's layout too), and every file under 400 lines but the listed ones still to be
/// split, which may only shrink.</summary>
[Trait("Category", "Unit")]
public class HouseRulesTests
{
    /// <summary>The files still over 400 lines, each with the most it may have: a listed file may only shrink (when it
    /// is split below 400 it leaves the list), and every other file stays under 400 lines.</summary>
    static readonly Dictionary<string, int> StillLong = new(StringComparer.Ordinal)
    {
        ["src/Amts.Bot/Languages/LanguageProfile.cs"] = 495,
        ["src/Amts.Bot/Markdown/D2lBlockParser.cs"] = 448,
        ["src/Amts.Bot/Publishing/Action/ActionRunner.cs"] = 519,
        ["src/Amts.Bot/Sync/Plan/FilePlanner.TabGroups.cs"] = 513,
        ["src/Amts.Bot/Sync/Run/SyncPlanner.cs"] = 416,
        ["src/Amts.Bot/Sync/Run/SyncTransaction.cs"] = 682,
        ["src/Amts.Bot/Translation/Aws/AmazonTranslateBatchEngine.cs"] = 493,
        ["src/Amts.Bot/Translation/Aws/DurableBatchJob.cs"] = 416,
        ["src/Amts.Cli/Commands/EvaluateCommand.cs"] = 439,
        ["tests/Amts.Bot.Tests/Fakes/FakeGitHub.cs"] = 753,
        ["tests/Amts.Bot.Tests/Fakes/FakeTranslateService.cs"] = 860,
        ["tests/Amts.Bot.Tests/Sync/FileSafetyTests.cs"] = 427,
        ["tests/Amts.Bot.Tests/Sync/PatchTests.cs"] = 406,
        ["tests/Amts.Bot.Tests/Sync/SyncTransactionTests.cs"] = 506,
        ["tests/Amts.Bot.Tests/Sync/TabGroupTests.cs"] = 439,
        ["tests/Amts.Bot.Tests/Translation/BatchOperationsTests.cs"] = 469,
    };

    static IEnumerable<string> CSharpFiles() =>
        new[] { "src", "tests" }
            .SelectMany(d =>
                Directory.EnumerateFiles(Path.Combine(TestData.RepoRoot, d), "*.cs", SearchOption.AllDirectories)
            )
            .Where(f =>
                !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)
            );

    [Fact]
    public void No_line_of_csharp_is_over_120_characters()
    {
        var files = CSharpFiles().ToList();
        Assert.True(files.Count > 200, $"only {files.Count} C# files found under {TestData.RepoRoot}");
        var broken = files
            .SelectMany(f =>
                File.ReadAllLines(f)
                    .Select((l, i) => (Line: i + 1, l.Length))
                    .Where(x => x.Length > 120)
                    .Select(x => $"{Path.GetRelativePath(TestData.RepoRoot, f)}:{x.Line}: {x.Length} characters")
            )
            .ToList();
        Assert.True(broken.Count == 0, "run tools/format/wrap.sh:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Every_file_is_under_400_lines_but_the_listed_ones_which_only_shrink()
    {
        var broken = new List<string>();
        foreach (var f in CSharpFiles())
        {
            var path = Path.GetRelativePath(TestData.RepoRoot, f).Replace('\\', '/');
            int lines = File.ReadAllLines(f).Length;
            if (StillLong.TryGetValue(path, out int most))
            {
                if (lines > most)
                    broken.Add($"{path}: {lines} lines, more than its {most}: split it instead");
                else if (lines < 400)
                    broken.Add($"{path}: {lines} lines, under 400 now: take it off the list");
            }
            else if (lines >= 400)
                broken.Add($"{path}: {lines} lines: split it into files of one idea each (under 400 lines)");
        }
        foreach (var listed in StillLong.Keys.Where(k => !File.Exists(Path.Combine(TestData.RepoRoot, k))))
            broken.Add($"{listed}: listed but gone: take it off the list");
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }
}
