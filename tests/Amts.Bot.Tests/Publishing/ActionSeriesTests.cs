using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Sync;

namespace Amts.Bot.Tests.Publishing;

/// <summary>A sync too large for one review is published as a series: one pull request per chapter, each
/// independent and mergeable in any order, a tracking issue listing them, later pushes updating them, and back to
/// one cumulative pull request once every chapter is merged (real d2l-en commits onto d2l-zh, over HTTP, against the
/// GitHub stand-in).</summary>
[Trait("Category", "Integration")]
public class ActionSeriesTests : IDisposable
{
    /// <summary>Every sync becomes a series: the real range c8..c14 touches seven chapters.</summary>
    const string SeriesConfig =
        "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n    series_threshold: 1\n";
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    IReadOnlyList<string> RemoteRefs() =>
        h.Remote.Run("for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_series_has_one_pull_request_per_chapter_mergeable_in_any_order_then_one_pull_request_again()
    {
        var outcome = Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig));
        Assert.True(
            outcome.Operation == ActionOperation.Created && outcome.Error == null,
            outcome.Message + " " + outcome.Error + "\n" + h.Host
        );
        var pulls = h.GitHub.Pulls.ToList();
        Assert.True(pulls.Count >= 4, $"{pulls.Count} pull requests");
        Assert.Equal(pulls.Select(p => p.Number).Order(), outcome.SeriesPulls.Order());
        Assert.All(pulls, p => Assert.StartsWith("amts/sync-zh/", p.Head));
        Assert.Equal(pulls.Count, pulls.Select(p => p.Head).Distinct().Count());
        var refs = RemoteRefs();
        Assert.DoesNotContain("refs/heads/amts/sync-zh", refs);
        Assert.Contains("refs/amts/series/zh", refs);

        // The tracking issue lists every pull request; each pull request points to it.
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Contains(Series.IssueMarker("zh"), issue.Body);
        Assert.All(pulls, p => Assert.Contains($"#{p.Number} ", issue.Body));
        Assert.All(pulls, p => Assert.Contains($"series tracked in #{issue.Number}", p.Body));
        Assert.Equal(["translation"], issue.Labels);

        // Each branch carries its chapter only (and its own record of the English it follows).
        foreach (var p in pulls)
        {
            var unit = p.Head["amts/sync-zh/".Length..];
            var paths = h
                .Remote.Run("diff", "--name-only", "master", p.Head)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(SyncState.FragmentPath(unit), paths);
            Assert.All(paths.Where(x => !x.StartsWith(".amts/", StringComparison.Ordinal)), x =>
                Assert.Equal(unit, Series.UnitOf(x))
            );
            Assert.DoesNotContain(SyncState.RelativePath, paths);
            Assert.Contains($"[zh] Sync {unit} with d2l-en", p.Title);
        }

        // Merged in reverse order, as a maintainer might: every merge is clean.
        var work = h.Work();
        foreach (var p in pulls.OrderByDescending(p => p.Number))
        {
            work.Run("fetch", "-q", "origin");
            Assert.Equal(0, work.TryRun(out var mergeOut, "merge", "-q", "--no-ff", "--no-edit", "origin/" + p.Head));
            work.Run("push", "-q", "origin", "master");
            h.GitHub.Close(p.Number, merged: true);
        }
        // The base now holds every Markdown change the series carried.
        Assert.DoesNotContain(
            h.Remote.Run("diff", "--name-only", "master", "refs/amts/series/zh")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries),
            x => !x.StartsWith(".amts/", StringComparison.Ordinal)
        );

        // The next push: the series is complete; one cumulative pull request, the chapters' branches gone.
        var next = Assert.Single(
            h.Push(h.Commit(14), h.Commit(16), SeriesConfig.Replace("series_threshold: 1", "series_threshold: 300"))
        );
        Assert.True(next.Operation == ActionOperation.Created, next.Message + " " + next.Error + "\n" + h.Host);
        Assert.True(
            h.GitHub.Pulls.Count(p => p.State == "open") == 1,
            string.Join(", ", h.GitHub.Pulls.Where(p => p.State == "open").Select(p => $"#{p.Number} {p.Head}"))
                + "\n"
                + h.Host
        );
        var cumulative = h.GitHub.Pulls.Single(p => p.State == "open");
        Assert.Equal("amts/sync-zh", cumulative.Head);
        Assert.Contains("is complete", cumulative.Body);
        Assert.Equal("closed", issue.State);
        refs = RemoteRefs();
        Assert.DoesNotContain(refs, r =>
            r.StartsWith("refs/heads/amts/sync-zh/", StringComparison.Ordinal) || r == "refs/amts/series/zh"
        );
        // Merging it folds the chapters' records into the state.
        h.Merge(cumulative.Number);
        var tree = h.Remote.Run("ls-tree", "-r", "--name-only", "master").Split('\n');
        Assert.DoesNotContain(tree, x => x.StartsWith(SyncState.SeriesFolder, StringComparison.Ordinal));
        Assert.Contains(SyncState.RelativePath, tree);
        Assert.Contains(h.Commit(16), h.Remote.Run("show", "master:" + SyncState.RelativePath));
    }

    [Fact]
    public void A_later_push_updates_the_open_chapters_and_keeps_a_translators_commit()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig)).Operation);
        var optimization = h.GitHub.Pulls.Single(p => p.Head == "amts/sync-zh/chapter_optimization");
        int pullsBefore = h.GitHub.Pulls.Count;

        // A translator polishes a file of the chapter on its branch.
        var work = h.Work();
        work.Run("checkout", "-q", "-b", "fix", "origin/amts/sync-zh/chapter_optimization");
        var file = work.Run("diff", "--name-only", "origin/master", "HEAD")
            .Split('\n')
            .First(p =>
                p.StartsWith("chapter_optimization/", StringComparison.Ordinal)
                && p.EndsWith(".md", StringComparison.Ordinal)
                && !p.EndsWith("_origin.md", StringComparison.Ordinal)
            );
        var path = Path.Combine(work.WorkTree, file);
        File.WriteAllText(path, File.ReadAllText(path) + "\n译者补充的一句话。\n");
        work.Run("commit", "-q", "-am", "Translator's polish");
        var translatorCommit = work.Run("rev-parse", "HEAD").Trim();
        work.Run("push", "-q", "origin", "HEAD:amts/sync-zh/chapter_optimization");

        // Commit 15 changes chapter_optimization in English.
        var outcome = Assert.Single(h.Push(h.Commit(14), h.Commit(15), SeriesConfig));
        Assert.True(
            outcome.Operation == ActionOperation.Updated && outcome.Error == null,
            outcome.Message + " " + outcome.Error + "\n" + h.Host
        );
        Assert.Equal(pullsBefore, h.GitHub.Pulls.Count); // no second pull request for the chapter
        Assert.Contains(optimization.Number, outcome.SeriesPulls);
        Assert.Equal(
            0,
            h.Remote.TryRun(out _, "merge-base", "--is-ancestor", translatorCommit, "amts/sync-zh/chapter_optimization")
        );
        Assert.Contains("译者补充的一句话。", h.Remote.Run("show", $"amts/sync-zh/chapter_optimization:{file}"));
        // The English of commit 15 is on the chapter's branch: its changed files' _origin.md are the English at 15.
        var en = new GitCli(h.English);
        foreach (
            var changed in en.Run("diff", "--name-only", h.Commit(14), h.Commit(15))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(p =>
                    p.StartsWith("chapter_optimization/", StringComparison.Ordinal)
                    && p.EndsWith(".md", StringComparison.Ordinal)
                )
        )
            if (
                h.Remote.TryRun(out var origin, "show", $"amts/sync-zh/chapter_optimization:{changed[..^3]}_origin.md")
                == 0
            )
                Assert.Equal(en.Run("show", $"{h.Commit(15)}:{changed}"), origin);
        Assert.Contains(h.Commit(15)[..7], optimization.Title);
    }
}
