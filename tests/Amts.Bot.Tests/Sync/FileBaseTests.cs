using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Sync;

/// <summary>Which translation file an English change goes to, and against which English (the file's base): real commits
/// of d2l-en onto the real d2l-zh.</summary>
[Trait("Category", "Integration")]
public class FileBaseTests
{
    static SyncReport Sync(string en, string zh, string from, string to) =>
        new SyncRunner(null)
            .RunAsync(
                new SyncOptions
                {
                    Source = en,
                    Target = zh,
                    Language = "zh",
                    From = from,
                    To = to,
                }
            )
            .GetAwaiter()
            .GetResult();

    static string Rev(string repo, string rev) => new GitCli(repo).Run("rev-parse", rev).Trim();

    static string Show(string repo, string rev, string path) => new GitCli(repo).Run("show", $"{rev}:{path}");

    [Fact]
    public void A_change_to_nadaraya_watson_reaches_the_translation_named_nadaraya_waston()
    {
        // Case 8: d2l-zh misspells the file name; extract maps it by shared labels and code, and so must the sync.
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        const string english = "chapter_attention-mechanisms/nadaraya-watson.md",
            translated = "chapter_attention-mechanisms/nadaraya-waston.md";
        var report = Sync(en, zh, Rev(en, "84e7974^"), Rev(en, "84e7974"));
        var file = Assert.Single(report.Files, f => f.SourcePath == english);
        Assert.Equal(FileStatus.Modified, file.Status);
        Assert.Equal(translated, file.TargetPath);
        Assert.Equal(Show(en, "84e7974", english), File.ReadAllText(Path.Combine(zh, Book.OriginPathOf(translated))));
        Assert.False(File.Exists(Path.Combine(zh, english)));
    }

    [Fact]
    public void A_file_without_origin_or_state_gets_its_base_from_its_content_not_from_the_range()
    {
        // Case 5: with no _origin.md and no recorded sync, the English at --from is only a guess of what the
        // translation follows; the base is the English revision the translation agrees with (issue 19), named with
        // its evidence. Here the a/an fix of the range is cosmetic against it: the human text stays as it is.
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        const string path = "chapter_introduction/index.md";
        File.Delete(Path.Combine(zh, Book.OriginPathOf(path)));
        var human = File.ReadAllText(Path.Combine(zh, path));
        var report = Sync(en, zh, Rev(en, "0314f17^"), Rev(en, "0314f17"));
        var file = Assert.Single(report.Files, f => f.SourcePath == path);
        Assert.Equal(FileStatus.Modified, file.Status);
        Assert.Contains("base discovered: ", file.Note, StringComparison.Ordinal);
        Assert.Contains("English anchors", file.Note, StringComparison.Ordinal);
        Assert.DoesNotContain(file.Changes, c => c.Change.Reason.Contains("already follows", StringComparison.Ordinal));
        Assert.Equal(human, File.ReadAllText(Path.Combine(zh, path)));
    }

    [Fact]
    public void A_file_without_base_that_already_follows_the_new_english_needs_nothing()
    {
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        const string path = "chapter_introduction/index.md";
        File.Delete(Path.Combine(zh, Book.OriginPathOf(path)));
        var follows = Show(en, "0314f17", path); // a translation that follows the new English block for block
        File.WriteAllText(Path.Combine(zh, path), follows);
        var report = Sync(en, zh, Rev(en, "0314f17^"), Rev(en, "0314f17"));
        var file = Assert.Single(report.Files, f => f.SourcePath == path);
        Assert.Equal(FileStatus.Modified, file.Status);
        Assert.Contains(file.Changes, c =>
            c.Change.Kind == ChangeKind.Kept && c.Change.Reason.Contains("already follows")
        );
        Assert.Equal(follows, File.ReadAllText(Path.Combine(zh, path)));
        Assert.Equal(follows, File.ReadAllText(Path.Combine(zh, Book.OriginPathOf(path)))); // now it has a base
    }

    [Fact]
    public void A_range_older_than_the_translations_origin_is_refused_for_that_file()
    {
        // Case 6: fine-tuning.md changes in 8914b27 and again in 54eaeeb. A translation made from the English of
        // 54eaeeb must not get 8914b27's older text.
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        const string path = "chapter_computer-vision/fine-tuning.md";
        File.WriteAllText(Path.Combine(zh, Book.OriginPathOf(path)), Show(en, "54eaeeb", path));
        var human = File.ReadAllText(Path.Combine(zh, path));
        var report = Sync(en, zh, Rev(en, "8914b27^"), Rev(en, "8914b27"));
        var file = Assert.Single(report.Files, f => f.SourcePath == path);
        Assert.Equal(FileStatus.Refused, file.Status);
        Assert.Contains("later than --to", file.Note);
        Assert.Contains(Rev(en, "54eaeeb")[..10], file.Note);
        Assert.Equal(human, File.ReadAllText(Path.Combine(zh, path)));
        Assert.Equal(Show(en, "54eaeeb", path), File.ReadAllText(Path.Combine(zh, Book.OriginPathOf(path))));
    }

    [Fact]
    public void The_book_memory_gives_a_paragraph_moved_to_a_new_file_its_human_translation()
    {
        var zh = BookReader.FromFolder(TestData.ChineseRepo, "zh");
        var memory = BookMemory.Build(zh, "en");
        // The paragraphs of linear-regression_origin.md, wherever English puts them, find the human paragraphs
        // (verbatim, their line breaks kept).
        var origin = Amts.Bot.Markdown.MarkdownDocument.Parse(
            zh.Files["chapter_linear-networks/linear-regression_origin.md"]
        );
        var human = zh.Files["chapter_linear-networks/linear-regression.md"];
        var paragraphs = origin.Blocks.Where(b => b.Kind == Amts.Bot.Markdown.BlockKind.Paragraph).ToList();
        var found = paragraphs.Select(memory.Block).Where(t => t != null).ToList();
        Assert.True(found.Count >= paragraphs.Count / 2, $"{found.Count} of {paragraphs.Count} paragraphs");
        Assert.All(found, t => Assert.Contains(t!, human));
        Assert.Contains(found, t => t!.Contains('\n') && t.Any(c => c >= 0x4e00 && c <= 0x9fff));
        Assert.True(
            memory.Sentences.Count > 5000 && memory.Blocks.Count > 2000,
            $"{memory.Sentences.Count} sentence pairs, {memory.Blocks.Count} block pairs"
        );
    }
}
