using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issue 19's key figures on the real books, on two steps of d2l-en (13 and 21, where d2l-ja carries
/// changes): d2l-pt, without any <c>_origin.md</c>, with the releases as extra English revisions, carries at least
/// <see cref="MinShareOfJa"/> of what d2l-ja carries; every file it plans has a discovered base with its evidence or
/// goes to review naming the best revision found. The whole replay of 30 steps is measured with the CLI
/// (report).</summary>
[Trait("Category", "Corpus")]
public class BaseDiscoveryCorpusTests
{
    /// <summary>The acceptance: pt carries at least 60 % of what the same commits carry into ja.</summary>
    const double MinShareOfJa = 0.6;

    static readonly ChangeKind[] Carried =
    [
        ChangeKind.Patched,
        ChangeKind.CodeMerged,
        ChangeKind.Retranslated,
        ChangeKind.Inserted,
        ChangeKind.Deleted,
        ChangeKind.Moved,
    ];

    [Fact]
    public async Task Pt_without_origin_files_carries_what_ja_carries_with_its_bases_discovered()
    {
        var en = TestData.FreshClone("d2l-en");
        var releases = TestData.FreshClone("d2l-en-releases");
        var commits = new GitCli(en)
            .Run("rev-list", "--reverse", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int pt = 0,
            ja = 0;
        var bases = new List<string>();
        foreach (var step in new[] { 13, 21 })
        {
            foreach (var language in new[] { "pt", "ja" })
            {
                var tr = TestData.FreshClone("d2l-" + language);
                var report = await new SyncRunner(null).RunAsync(
                    new SyncOptions
                    {
                        Source = en,
                        Target = tr,
                        Language = language,
                        From = commits[step - 1],
                        To = commits[step],
                        Commit = true,
                        EnglishRevisions = language == "pt" ? [releases] : [],
                    }
                );
                int carried = report.Files.Sum(f => f.Changes.Count(c => Carried.Contains(c.Change.Kind)));
                if (language == "ja")
                {
                    ja += carried;
                    continue;
                }
                pt += carried;
                var state = SyncState.Read(tr)!;
                foreach (var file in report.Files.Where(f => f.Status is FileStatus.Modified))
                {
                    Assert.Contains("base discovered: ", file.Note, StringComparison.Ordinal);
                    var found = state.Discovered![file.TargetPath!];
                    Assert.True(found.AnchorShare >= BaseDiscovery.MinAnchorShare, found.ToString());
                    bases.Add(found.Revision);
                }
                foreach (var file in report.Files.Where(f => f.Status is FileStatus.Review))
                    Assert.All(file.Changes, c =>
                        Assert.True(
                            c.Change.NeedsReview && c.Change.Reason.Contains("no base", StringComparison.Ordinal),
                            c.Change.Reason
                        )
                    );
                if (step == 21)
                    Assert.Contains(
                        "ax.plot_wireframe(x.asnumpy(), y.asnumpy(), z.asnumpy(),",
                        File.ReadAllText(Path.Combine(tr, "chapter_optimization/optimization-intro.md")),
                        StringComparison.Ordinal
                    );
            }
        }
        Assert.True(ja > 0 && pt >= MinShareOfJa * ja, $"pt carried {pt}, ja {ja}");
        Assert.NotEmpty(bases);
        Assert.All(bases, b => Assert.True(b.StartsWith("v0.1", StringComparison.Ordinal) || b.Length == 10, b));
    }
}
