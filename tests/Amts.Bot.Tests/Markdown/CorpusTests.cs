using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Markdown;

/// <summary>The whole of both real books, at every revision of d2l-en.</summary>
[Trait("Category", "Corpus")]
public class CorpusTests
{
    static IEnumerable<(string Name, byte[] Bytes)> AllMarkdownBlobs(string repo)
    {
        var git = new GitCli(repo);
        var blobs = git.HistoryBlobs(p => p.EndsWith(".md"));
        var contents = git.ReadBlobs(blobs.Select(b => b.Id).ToList());
        return blobs.Select(b => ($"{Path.GetFileName(repo)}:{b.Path}@{b.Id[..8]}", contents[b.Id]));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void Every_markdown_blob_of_the_books_is_lossless(string book)
    {
        var repo = book == "en" ? TestData.EnglishRepo : TestData.ChineseRepo;
        var blobs = AllMarkdownBlobs(repo).ToList();
        Assert.True(blobs.Count > (book == "en" ? 200 : 290), $"only {blobs.Count} blobs");
        var failures = blobs.Select(b => LosslessCheck.Run(b.Bytes, b.Name)).SelectMany(r => r.Failures).ToList();
        Assert.Empty(failures);
    }

    /// <summary>Math and code that escaped protection would be sent to a translator: after masking, no prose
    /// segment of the books may still hold a backtick or an inline-math pair.</summary>
    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void No_math_or_code_is_left_unprotected_in_prose(string book)
    {
        var repo = book == "en" ? TestData.EnglishRepo : TestData.ChineseRepo;
        var leaks = new List<string>();
        int segments = 0;
        foreach (var file in Directory.EnumerateFiles(repo, "*.md", SearchOption.AllDirectories))
        {
            var doc = MarkdownDocument.Load(file);
            foreach (var block in doc.Blocks.Where(b => b.IsProse))
            {
                var spans = ProtectedSpans.Find(block.Text);
                foreach (var seg in ProseSegments.Of(block))
                {
                    segments++;
                    var masked = Masking.MaskRange(block.Text, seg, spans, PlaceholderStyle.Empty).Html;
                    var unescapedDollars = masked.Replace("\\$", "").Count(c => c == '$');
                    if (masked.Contains('`') || unescapedDollars >= 2)
                        leaks.Add($"{Path.GetRelativePath(repo, file)}:{block.Line}: {masked}");
                }
            }
        }
        Assert.True(segments > 5_000, $"only {segments} segments");
        // A handful of genuinely odd lines are tolerated (e.g. a dollar amount next to math); they are listed on
        // failure.
        Assert.True(leaks.Count <= 12, $"{leaks.Count} segments leak:\n" + string.Join("\n", leaks.Take(40)));
    }
}
