using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Xunit.Abstractions;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// Day one of a translation made from d2l-en r0.17: the v1.0 restructuring (files renamed, split, merged, moved to new
/// chapters) synced onto the real d2l-zh in one step, then the 40 real pushes after it, one by one.
/// </summary>
[Trait("Category", "Corpus")]
public class CatchUpTests(ITestOutputHelper output)
{
    /// <summary>Figures of one catch-up, each measured on the real books before and after the sync.</summary>
    public sealed record CatchUpFigures(
        int DeletedWhileAlive,
        IReadOnlyList<string> DeletedFiles,
        int UnchangedSentences,
        int KeptSentences,
        int HumanLines,
        int HumanLinesKept,
        int OriginLines,
        int OriginLinesAlive,
        IReadOnlyList<string> BrokenTocEntries,
        IReadOnlyList<string> BrokenTocEntriesBefore,
        IReadOnlyList<string> Unbalanced
    )
    {
        public double KeptShare => UnchangedSentences == 0 ? 1 : (double)KeptSentences / UnchangedSentences;
        public double HumanShare => (double)HumanLinesKept / HumanLines;
        public double OriginShare => (double)OriginLinesAlive / OriginLines;
    }

    /// <summary>A deleted translation "lives on" when this many of its _origin.md prose lines survive verbatim in the
    /// new English.</summary>
    const int AliveLines = 3;

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
                    Commit = true,
                }
            )
            .GetAwaiter()
            .GetResult();

    [Fact]
    public void Day_one_catch_up_keeps_every_human_file_whose_english_lives_on_then_40_pushes_are_idempotent()
    {
        var en = TestData.FreshClone("d2l-en-v1");
        var zh = TestData.FreshClone("d2l-zh");
        var commits = new GitCli(en)
            .Run("rev-list", "--reverse", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(42, commits.Length);
        var before = BookReader.FromFolder(zh, "zh");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = Sync(en, zh, commits[0], commits[1]);
        output.WriteLine($"catch-up: {watch.Elapsed.TotalSeconds:F1} s; {report.Totals}");
        foreach (
            var f in report.Files.Where(f =>
                f.Status is FileStatus.Renamed or FileStatus.Deleted or FileStatus.Review or FileStatus.Failed
            )
        )
            output.WriteLine($"  {f.Status} {f.SourcePath} -> {f.TargetPath}: {f.Note}");

        var after = BookReader.FromFolder(zh, "zh");
        var newEnglish = BookReader.FromRevision(en, commits[1], "en");
        var m = Measure(before, after, newEnglish);
        output.WriteLine($"deleted while alive: {m.DeletedWhileAlive} (deleted: {string.Join(", ", m.DeletedFiles)})");
        output.WriteLine(
            $"unchanged English sentences keeping their human translation: {m.KeptSentences} / "
                + $"{m.UnchangedSentences} = {m.KeptShare:P1}"
        );
        output.WriteLine(
            $"human lines kept verbatim: {m.HumanLinesKept} / {m.HumanLines} = {m.HumanShare:P1}; _origin prose "
                + $"lines alive in the new English: {m.OriginLinesAlive} / {m.OriginLines} = {m.OriginShare:P1}"
        );
        output.WriteLine(
            $"broken toc entries: {m.BrokenTocEntries.Count} (before: {m.BrokenTocEntriesBefore.Count}) "
                + $"{string.Join(", ", m.BrokenTocEntries.Take(10))} / before: "
                + $"{string.Join(", ", m.BrokenTocEntriesBefore)}"
        );
        output.WriteLine($"unbalanced files: {string.Join(", ", m.Unbalanced)}");

        Assert.Equal(0, m.DeletedWhileAlive);
        Assert.True(m.KeptShare >= 0.9, $"{m.KeptShare:P1} of unchanged sentences keep their human translation");
        Assert.True(
            m.HumanShare >= m.OriginShare + 0.04,
            $"human lines kept {m.HumanShare:P1}, English alive {m.OriginShare:P1}"
        );
        Assert.Empty(m.BrokenTocEntries.Except(m.BrokenTocEntriesBefore));
        Assert.Empty(m.Unbalanced);
        // The moved chapters: their human text is at the new path, and the old path is gone.
        Assert.Contains(
            "线性回归",
            File.ReadAllText(Path.Combine(zh, "chapter_linear-regression/linear-regression.md"))
        );
        Assert.False(File.Exists(Path.Combine(zh, "chapter_linear-networks/linear-regression.md")));
        Assert.True(File.Exists(Path.Combine(zh, "chapter_linear-regression/linear-regression_origin.md")));

        // The 40 pushes after it, one by one: all succeed, and a second run of each changes nothing.
        var gitZh = new GitCli(zh);
        int failed = 0;
        for (int k = 2; k < commits.Length; k++)
        {
            var r = Sync(en, zh, commits[k - 1], commits[k]);
            failed += r.Files.Count(f => f.Status == FileStatus.Failed);
            var head = gitZh.Run("rev-parse", "HEAD").Trim();
            Sync(en, zh, commits[k - 1], commits[k]);
            Assert.Equal(head, gitZh.Run("rev-parse", "HEAD").Trim());
            Assert.Equal("", gitZh.Run("status", "--porcelain").Trim());
        }
        output.WriteLine($"40 pushes: {failed} file(s) failed");
        Assert.Equal(0, failed);
        var final = BookReader.FromFolder(zh, "zh");
        Assert.Empty(Unbalanced(final, before));
    }

    /// <summary>The acceptance figures of issue 11, measured on the books (not on the sync's own report).</summary>
    internal static CatchUpFigures Measure(Book before, Book after, Book newEnglish)
    {
        var withOrigin = before.ContentPaths.Where(p => before.Files.ContainsKey(Book.OriginPathOf(p))).ToList();
        var englishLines = newEnglish.Files.Values.SelectMany(ProseLines).ToHashSet(StringComparer.Ordinal);
        var afterLines = after
            .ContentPaths.SelectMany(p => after.Files[p].Split('\n').Select(l => l.Trim()))
            .ToHashSet(StringComparer.Ordinal);

        // Deleted translations whose English lives on.
        // (A file carried to a new path is not deleted: a file of the result holds its distinctive human lines.)
        var lineFiles = before
            .ContentPaths.SelectMany(p => before.Files[p].Split('\n').Select(l => (Line: l.Trim(), File: p)))
            .Where(x => x.Line.Length >= 10)
            .GroupBy(x => x.Line)
            .Where(g => g.Select(x => x.File).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().File);
        var afterFileLines = after.ContentPaths.ToDictionary(
            p => p,
            p => after.Files[p].Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal)
        );
        bool Carried(string path)
        {
            var own = lineFiles.Where(x => x.Value == path).Select(x => x.Key).ToList();
            return own.Count > 0
                && afterFileLines.Values.Any(lines => own.Count(lines.Contains) >= Math.Min(AliveLines, own.Count));
        }
        var deleted = withOrigin.Where(p => !after.Files.ContainsKey(p) && !Carried(p)).ToList();
        int deletedAlive = deleted.Count(p =>
            ProseLines(before.Files[Book.OriginPathOf(p)]).Count(englishLines.Contains) >= AliveLines
        );

        // Sentences of the _origin.md found unchanged in the new English: is their human translation still in the book?
        var aligned = BookAligner.Align(
            new FileMapping(withOrigin.Select(p => new FilePair(p, p, true, "origin")).ToList(), [], []),
            before with
            {
                Language = "en",
            },
            before
        );
        var englishSentences = newEnglish
            .Files.Values.SelectMany(t => Sentences(t, "en"))
            .ToHashSet(StringComparer.Ordinal);
        var afterSentences = after
            .ContentPaths.SelectMany(p => Sentences(after.Files[p], "zh"))
            .Select(NoSpace)
            .ToHashSet(StringComparer.Ordinal);
        var afterText = new Lazy<HashSet<string>>(() =>
            after
                .ContentPaths.SelectMany(p => after.Files[p].Split('\n'))
                .Select(NoSpace)
                .ToHashSet(StringComparer.Ordinal)
        );
        int unchanged = 0,
            kept = 0;
        foreach (var file in aligned.Files)
        foreach (var pair in file.Sentences.SelectMany(s => s.Sentences))
        {
            if (
                pair.Source.Count != 1
                || pair.Target.Count == 0
                || pair.Confidence < ParallelData.MinSentenceConfidence
            )
                continue;
            if (!englishSentences.Contains(SentenceAligner.Flatten(pair.SourceText)))
                continue;
            unchanged++;
            var human = NoSpace(pair.TargetText);
            if (afterSentences.Contains(human) || afterText.Value.Contains(human))
                kept++;
        }

        // Human lines kept verbatim against English lines that survive verbatim.
        var humanLines = withOrigin.SelectMany(p => ProseLines(before.Files[p])).ToList();
        var originLines = withOrigin.SelectMany(p => ProseLines(before.Files[Book.OriginPathOf(p)])).ToList();

        return new CatchUpFigures(
            deletedAlive,
            deleted,
            unchanged,
            kept,
            humanLines.Count,
            humanLines.Count(afterLines.Contains),
            originLines.Count,
            originLines.Count(englishLines.Contains),
            BrokenToc(after, newEnglish),
            BrokenToc(before, newEnglish),
            Unbalanced(after, before)
        );
    }

    static string NoSpace(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    static IEnumerable<string> ProseLines(string text) =>
        MarkdownDocument
            .Parse(text)
            .Blocks.Where(b => b.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading)
            .SelectMany(b => b.Text.Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0);

    static IEnumerable<string> Sentences(string text, string language) =>
        SentenceAligner
            .SentencesOf(
                MarkdownDocument
                    .Parse(text)
                    .Blocks.Where(b =>
                        b.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading
                    ),
                language
            )
            .Select(s => SentenceAligner.Flatten(s.Text));

    /// <summary>Toc entries naming a file the book does not have (leaving out those the English toc of the same file
    /// names without having the file either: d2lbook's static root index).</summary>
    static List<string> BrokenToc(Book book, Book english)
    {
        var englishBroken = english
            .ContentPaths.SelectMany(p =>
                SyncPlanner
                    .TocEntries(english.Files[p], p)
                    .Where(e => !english.Files.ContainsKey(e))
                    .Select(e => $"{p}: {e}")
            )
            .ToHashSet();
        return book
            .ContentPaths.SelectMany(p =>
                SyncPlanner.TocEntries(book.Files[p], p).Where(e => !book.Files.ContainsKey(e)).Select(e => $"{p}: {e}")
            )
            .Where(e => !englishBroken.Contains(e))
            .ToList();
    }

    /// <summary>Files whose tab groups or code fences are unbalanced now but were not before (or are new).</summary>
    internal static List<string> Unbalanced(Book book, Book before) =>
        book
            .ContentPaths.Where(p =>
                !Balanced(book.Files[p]) && (!before.Files.TryGetValue(p, out var old) || Balanced(old))
            )
            .ToList();

    static bool Balanced(string text) => SyncPlanner.Balanced(text);
}
