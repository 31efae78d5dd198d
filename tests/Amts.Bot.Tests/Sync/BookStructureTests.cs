using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Xunit.Abstractions;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// Issue 19, the book as a whole: day one of a translation made from d2l-en r0.17 (d2l-en-v1 commit 1 → 2, the v1.0
/// restructuring) onto the real d2l-zh, d2l-ja and d2l-pt. After the sync every human chapter file whose English
/// still exists is reached from the root toc, the chapters v1.0 adds are reached, the root <c>index.md</c> is synced
/// by its structure (not held whole) and the repository's own <c>README.md</c> is untouched.
/// </summary>
[Trait("Category", "Corpus")]
public class BookStructureTests(ITestOutputHelper output)
{
    static readonly string[] NewChapters =
    [
        "chapter_linear-regression/index.md",
        "chapter_linear-classification/index.md",
        "chapter_attention-mechanisms-and-transformers/index.md",
        "chapter_builders-guide/index.md",
        "chapter_linear-regression/linear-regression.md",
        "chapter_attention-mechanisms-and-transformers/transformer.md",
    ];

    [Theory]
    [InlineData("zh")]
    [InlineData("ja")]
    [InlineData("pt")]
    public async Task Day_one_leaves_every_human_chapter_reachable_from_the_root_toc(string language)
    {
        var en = TestData.FreshClone("d2l-en-v1");
        var tr = TestData.FreshClone("d2l-" + language);
        var commits = new GitCli(en)
            .Run("rev-list", "--reverse", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var before = BookReader.FromFolder(tr, language);
        var readme = File.ReadAllBytes(Path.Combine(tr, "README.md"));

        var report = await new SyncRunner(null).RunAsync(
            new SyncOptions
            {
                Source = en,
                Target = tr,
                Language = language,
                From = commits[0],
                To = commits[1],
                Commit = true,
            }
        );

        var after = BookReader.FromFolder(tr, language);
        var english = BookReader.FromRevision(en, commits[1], "en");
        var moves = report
            .Files.Where(f => f.MovedFrom != null && f.TargetPath != null)
            .ToDictionary(f => f.MovedFrom!, f => f.TargetPath!, StringComparer.Ordinal);
        var unreachable = HumanUnreachable(before, after, moves, english, inEnglishBook: true);
        var outsideEnglishBook = HumanUnreachable(before, after, moves, english, inEnglishBook: false)
            .Except(unreachable)
            .ToList();
        var root = report.Files.FirstOrDefault(f => f.TargetPath == Toc.Root);
        output.WriteLine(
            $"{language}: human chapter files unreachable from the root toc whose English is in the English book: "
                + $"{unreachable.Count} {string.Join(", ", unreachable)}; also unreachable, as in the English book "
                + $"(contrib/): {outsideEnglishBook.Count} {string.Join(", ", outsideEnglishBook)}"
        );
        output.WriteLine($"root index.md: {root?.Status.Name() ?? "untouched"}: {root?.Note}");
        foreach (var c in root?.Changes ?? [])
            output.WriteLine($"  {c.Change.Kind}: {c.Change.Reason}");
        output.WriteLine("root index after:\n" + after.Files[Toc.Root]);

        Assert.Empty(unreachable);
        var reached = Toc.Reachable(after.Files);
        Assert.All(NewChapters, c => Assert.Contains(c, reached));
        Assert.Equal(readme, File.ReadAllBytes(Path.Combine(tr, "README.md")));
        Assert.NotEqual(FileStatus.Review, root?.Status);
        // The translation's own lines of the root index stay byte for byte (its title, its prose).
        var ownTitle = before.Files[Toc.Root].Split('\n')[0];
        Assert.StartsWith(ownTitle + "\n", after.Files[Toc.Root], StringComparison.Ordinal);
        // Only the English's changes to the toc are carried: no chapter the translation left out is added, and every
        // line of its root index but the entries English removed or renamed stays, in order.
        var englishBefore = BookReader.FromRevision(en, commits[0], "en").Files[Toc.Root];
        var englishAdded = Toc.Entries(english.Files[Toc.Root], Toc.Root)
            .Select(e => e.Path)
            .Except(Toc.Entries(englishBefore, Toc.Root).Select(e => e.Path))
            .ToHashSet(StringComparer.Ordinal);
        var ownEntries = Toc.Entries(before.Files[Toc.Root], Toc.Root)
            .Select(e => moves.GetValueOrDefault(e.Path, e.Path))
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(Toc.Entries(after.Files[Toc.Root], Toc.Root), e =>
            Assert.True(ownEntries.Contains(e.Path) || englishAdded.Contains(e.Path), e.Path + " was added")
        );
        var changed = Toc.Entries(before.Files[Toc.Root], Toc.Root)
            .Where(e => moves.ContainsKey(e.Path) || !english.Files.ContainsKey(e.Path))
            .Select(e => e.Text)
            .ToHashSet(StringComparer.Ordinal);
        var left = after
            .Files[Toc.Root]
            .Split('\n')
            .GroupBy(l => l, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var line in before.Files[Toc.Root].Split('\n').Where(l => !changed.Contains(l.Trim())))
        {
            Assert.True(left.GetValueOrDefault(line) > 0, $"the root index's line \"{line}\" is not kept");
            left[line]--;
        }
        // The chapters both list stand in the English order.
        var order = Toc.Entries(english.Files[Toc.Root], Toc.Root).Select(e => e.Path).ToList();
        var listed = Toc.Entries(after.Files[Toc.Root], Toc.Root).Select(e => e.Path).Where(order.Contains).ToList();
        Assert.Equal(listed.OrderBy(order.IndexOf), listed);
    }

    /// <summary>The chapter files of <paramref name="before"/> (human translations) that are, at their path after the
    /// sync (<paramref name="moves"/>: old → new), in the book and in the new English
    /// (<paramref name="inEnglishBook"/>: reached from the English root toc too; the English keeps <c>contrib/</c> out
    /// of its book), but not reached from the root toc of <paramref name="after"/>.</summary>
    static List<string> HumanUnreachable(
        Book before,
        Book after,
        IReadOnlyDictionary<string, string> moves,
        Book english,
        bool inEnglishBook
    )
    {
        var reached = Toc.Reachable(after.Files);
        var englishReached = Toc.Reachable(english.Files);
        return before
            .ContentPaths.Where(p => p.Contains('/', StringComparison.Ordinal))
            .Select(p => moves.GetValueOrDefault(p, p))
            .Where(p => after.Files.ContainsKey(p) && english.Files.ContainsKey(p) && !reached.Contains(p))
            .Where(p => !inEnglishBook || englishReached.Contains(p))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
