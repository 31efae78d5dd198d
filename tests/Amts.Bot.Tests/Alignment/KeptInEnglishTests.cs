using Amts.Bot.Infrastructure;
using Amts.Bot.Sync.Run;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Alignment;

/// <summary>
/// What a translation keeps in English by its own convention (d2l-zh, d2l-ja and d2l-pt all write every
/// <c>[Discussions](…)</c> link of the English verbatim): a new such segment is the English itself, not a sentence
/// left untranslated for review, and no human text is moved to write it.
/// </summary>
[Trait("Category", "Integration")]
public class KeptInEnglishTests
{
    const string NewLink = "[Discussions](https://discuss.d2l.ai/t/99999)";

    [Theory]
    [InlineData("zh")]
    [InlineData("ja")]
    public async Task A_new_discussions_link_is_written_as_the_book_writes_them(string language)
    {
        var memory = BookMemory.Build(BookReader.FromFolder(TestData.FreshClone("d2l-" + language), language), "en");

        Assert.True(memory.KeptInEnglish(NewLink));
        var result = Assert.Single(await memory.TranslateAsync([NewLink], "en", language));
        Assert.Equal(NewLink, result.Text);
        // Not a reuse of human text from some other place.
        Assert.Null(memory.Answer(NewLink));
        // A sentence the book translates is not kept in English, whatever its link.
        Assert.False(memory.KeptInEnglish("Summary"));
        Assert.False(memory.KeptInEnglish("See [the appendix](https://d2l.ai/x.html) for details."));
    }

    [Fact]
    public async Task A_jax_discussions_tab_added_in_english_is_not_an_item_for_review()
    {
        // The real push e497dd5 of d2l-en-v1 adds a JAX tab with its discussion link to 65 files: each was an item.
        // pandas.md: d2l-zh's _origin.md is d2l-en's text at the bundle's HEAD, so this push is the file's only change.
        const string path = "chapter_preliminaries/pandas.md";
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(en);
        var from = git.Run("rev-parse", "HEAD").Trim();
        File.AppendAllText(Path.Combine(en, path), "\n:begin_tab:`jax`\n" + NewLink + "\n:end_tab:\n");
        git.Run("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-qam", "JAX discussions");

        var report = await new SyncRunner(null).RunAsync(
            new SyncOptions
            {
                Source = en,
                Target = zh,
                Language = "zh",
                From = from,
                To = "HEAD",
                Commit = true,
            }
        );

        var file = Assert.Single(report.Files, f => f.SourcePath == path);
        var change = Assert.Single(file.Changes);
        Assert.False(change.NeedsReview, change.Change.Reason);
        var written = File.ReadAllText(Path.Combine(zh, path));
        Assert.Contains("\n:begin_tab:`jax`\n" + NewLink + "\n:end_tab:\n", written);
        Assert.Equal(0, report.Totals.Reviews);
    }

    [Fact]
    public void A_translation_without_origin_files_has_a_memory_from_the_english_its_syncs_recorded()
    {
        // d2l-pt keeps no _origin.md: its memory was empty, whatever its syncs had recorded.
        var pt = BookReader.FromFolder(TestData.FreshClone("d2l-pt"), "pt");
        Assert.Empty(BookMemory.Build(pt, "en").Sentences);
        // The English its files follow (the release base discovery finds for most of them), as a sync records it.
        var releases = new GitCli(TestData.FreshClone("d2l-en-releases"));
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in pt.ContentPaths)
            if (releases.TryRun(out var text, "show", "v0.16.2:" + path) == 0)
                recorded[path] = text;

        var memory = BookMemory.Build(pt, "en", () => recorded);

        Assert.NotEmpty(memory.Sentences);
        Assert.NotEmpty(memory.Blocks);
        // d2l-pt has no convention for the links: 143 verbatim, 178 as "Discussão"/"Discussões" — not kept in English.
        Assert.False(memory.KeptInEnglish(NewLink));
    }
}
