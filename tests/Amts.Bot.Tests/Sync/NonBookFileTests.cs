using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issues 19 and 23: a translation's README.md, INFO.md, STYLE_GUIDE.md, ... are its own, not translations of
/// the English ones: a range that changes the English README leaves them alone unless they are listed.</summary>
[Trait("Category", "Integration")]
public class NonBookFileTests
{
    static string Touching(string en, string path)
    {
        var git = new GitCli(en);
        return git.Run("log", "--format=%H", "-1", "HEAD", "--", path).Trim();
    }

    [Theory]
    [InlineData("pt")]
    [InlineData("zh")]
    public async Task A_range_that_changes_the_english_readme_leaves_the_translations_readme_alone(string language)
    {
        var en = TestData.FreshClone("d2l-en");
        var tr = TestData.FreshClone("d2l-" + language);
        var commit = Touching(en, "README.md");
        Assert.NotEqual("", commit);
        var readme = File.ReadAllText(Path.Combine(tr, "README.md"));
        var report = await new SyncRunner(null).RunAsync(
            new SyncOptions
            {
                Source = en,
                Target = tr,
                Language = language,
                From = commit + "^",
                To = commit,
                Commit = true,
            }
        );
        Assert.DoesNotContain(report.Files, f => f.SourcePath == "README.md" || f.TargetPath == "README.md");
        Assert.Equal(readme, File.ReadAllText(Path.Combine(tr, "README.md")));
        Assert.False(File.Exists(Path.Combine(tr, "README_origin.md")));
        Assert.DoesNotContain("README.md", SyncState.Read(tr)!.Files.Keys);
    }

    [Fact]
    public async Task A_listed_top_level_file_is_synced_like_a_chapter()
    {
        var en = TestData.FreshClone("d2l-en");
        var pt = TestData.FreshClone("d2l-pt");
        var commit = Touching(en, "README.md");
        var report = await new SyncRunner(null).RunAsync(
            new SyncOptions
            {
                Source = en,
                Target = pt,
                Language = "pt",
                From = commit + "^",
                To = commit,
                BookFiles = ["README.md"],
            }
        );
        Assert.Single(report.Files, f => f.SourcePath == "README.md");
        Assert.True(SyncPlanner.IsBookFile("index.md", []) && SyncPlanner.IsBookFile("chapter_preface/index.md", []));
        Assert.False(SyncPlanner.IsBookFile("STYLE_GUIDE.md", []));
    }
}
