using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;

namespace Amts.Bot.Tests.Publishing;

/// <summary>Issue 19: d2l-pt (no <c>_origin.md</c>, no state) through the action against the GitHub fake: its first
/// push opens a pull request that lists its review items, later pushes keep them, and a dispatch can say where to
/// start.</summary>
[Trait("Category", "Integration")]
public class ActionFirstSyncTests
{
    const string Pt = "d2l-ai/d2l-pt";
    const string Config = "languages:\n  - code: pt\n    repository: d2l-ai/d2l-pt\n";

    static ActionHarness Harness()
    {
        var h = new ActionHarness();
        h.GitHub.Repos[Pt] = "master";
        h.Git.AddRepository(Pt, TestData.Bundle("d2l-pt"));
        // The English repository's release tags, as the real d2l-en has them (actions/checkout with fetch-depth: 0).
        new GitCli(h.English).Run("fetch", "-q", TestData.Bundle("d2l-en-releases"), "refs/tags/*:refs/tags/*");
        return h;
    }

    [Fact]
    public void The_first_push_of_pt_opens_a_pull_request_listing_its_review_items_and_a_later_push_keeps_them()
    {
        using var h = Harness();
        // Step 1 of d2l-en changes only pt's preface (the acknowledgments' names): its base is discovered, and the
        // changed sentence, which the memory engine cannot translate, is an item for review.
        var first = Assert.Single(h.Push(h.Commit(0), h.Commit(1), Config));
        Assert.False(first.Failed, first.Message);
        Assert.Equal(ActionOperation.Created, first.Operation);
        var pull = Assert.Single(h.GitHub.Pulls, p => p.Repo == Pt);
        const string prefaceItems = @"<code>chapter_preface/index.md</code>: [1-9]\d* item\(s\) to review";
        Assert.Matches(prefaceItems, pull.Body);
        var preface = Amts
            .Bot.Sync.SyncState.Parse(
                h.Git.Git(Pt).Run("show", "amts/sync-pt:" + Amts.Bot.Sync.SyncState.RelativePath)
            )!
            .Discovered!["chapter_preface/index.md"];
        Assert.StartsWith("v0.1", preface.Revision, StringComparison.Ordinal);
        // Step 2 changes another file: the preface's items stay listed while nobody resolved them.
        var second = Assert.Single(h.Push(h.Commit(1), h.Commit(2), Config));
        Assert.False(second.Failed, second.Message);
        pull = Assert.Single(h.GitHub.Pulls, p => p.Repo == Pt);
        Assert.Matches(prefaceItems, pull.Body);
        Assert.Contains("chapter_convolutional-neural-networks/conv-layer.md", pull.Body, StringComparison.Ordinal);
        // The base found for conv-layer.md is recorded with its evidence in the branch's state.
        var state = Amts.Bot.Sync.SyncState.Parse(
            h.Git.Git(Pt).Run("show", "amts/sync-pt:" + Amts.Bot.Sync.SyncState.RelativePath)
        )!;
        var found = state.Discovered!["chapter_convolutional-neural-networks/conv-layer.md"];
        Assert.StartsWith("v0.1", found.Revision, StringComparison.Ordinal);
        Assert.True(found.AnchorsAgree > 0 && found.ProseShare > 0, found.ToString());
    }

    [Fact]
    public void A_dispatch_without_state_starts_at_the_configured_from()
    {
        using var h = Harness();
        var outcome = Assert.Single(h.Push(null, h.Commit(9), Config + $"    from: {h.Commit(8)}\n"));
        Assert.False(outcome.Failed, outcome.Message);
        Assert.Equal(ActionOperation.Created, outcome.Operation);
        var pull = Assert.Single(h.GitHub.Pulls, p => p.Repo == Pt);
        Assert.Contains("chapter_linear-networks/linear-regression-concise.md", pull.Body, StringComparison.Ordinal);
        Assert.Contains(h.Commit(8)[..7], pull.Title, StringComparison.Ordinal);
    }
}
