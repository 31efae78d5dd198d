using Amts.Bot.Publishing.Action;

namespace Amts.Bot.Tests.Publishing;

/// <summary>The case table of what a run publishes after its sync (<see cref="PublishDecision"/>), each case by its
/// name: nothing (only the state moved, nothing to carry), a series started or continued, a dry run, a
/// publish.</summary>
[Trait("Category", "Unit")]
public sealed class PublishDecisionTests
{
    const int Threshold = 300;

    static SyncFacts Facts(
        bool newCommit = true,
        bool merged = false,
        bool pullOpen = false,
        bool inSeries = false,
        int reviews = 0
    ) => new(newCommit, merged, pullOpen, inSeries, reviews);

    [Fact]
    public void B_a_commit_that_only_moves_the_state_with_no_pull_request_publishes_nothing()
    {
        Assert.True(PublishDecision.OnlyStateMoved(Facts(), () => true));
        Assert.False(PublishDecision.OnlyStateMoved(Facts(), () => false)); // a Markdown file changed
    }

    [Theory]
    [InlineData("review items", false, false, false, 1)]
    [InlineData("a pull request is open", false, true, false, 0)]
    [InlineData("the base was merged in", true, false, false, 0)]
    [InlineData("a series is under way", false, false, true, 0)]
    public void B_does_not_hold_when(string why, bool merged, bool pullOpen, bool inSeries, int reviews)
    {
        bool asked = false;
        Assert.False(
            PublishDecision.OnlyStateMoved(
                Facts(merged: merged, pullOpen: pullOpen, inSeries: inSeries, reviews: reviews),
                () => asked = true
            ),
            why
        );
        Assert.False(asked, "the diff is read only when every other condition holds");
    }

    [Theory]
    [InlineData(nameof(AfterSync.Publish), true, false, false, false, 10, false)]
    [InlineData(nameof(AfterSync.Publish), false, true, false, false, 10, false)] // the base merged into an open PR
    [InlineData(nameof(AfterSync.Publish), false, false, true, false, 0, false)] // an open PR: its steps checked
    [InlineData(nameof(AfterSync.DryRun), true, false, false, false, 10, true)]
    [InlineData(nameof(AfterSync.NothingToCarry), false, false, false, false, 10, false)]
    [InlineData(nameof(AfterSync.NothingToCarry), false, false, false, false, 10, true)]
    [InlineData(nameof(AfterSync.SeriesStarts), true, false, false, false, Threshold + 1, false)]
    [InlineData(nameof(AfterSync.SeriesStarts), false, false, false, false, Threshold + 1, true)]
    [InlineData(nameof(AfterSync.Publish), true, false, false, false, Threshold, false)] // at the threshold: one PR
    [InlineData(nameof(AfterSync.Publish), true, false, true, false, Threshold + 1, false)] // an open PR stays one
    [InlineData(nameof(AfterSync.Publish), true, true, false, false, Threshold + 1, false)] // merged: stays one
    [InlineData(nameof(AfterSync.SeriesContinues), false, false, false, true, 0, false)]
    [InlineData(nameof(AfterSync.SeriesContinues), true, false, false, true, 0, true)]
    public void After_the_sync(
        string expected,
        bool newCommit,
        bool merged,
        bool pullOpen,
        bool inSeries,
        int carried,
        bool dryRun
    ) =>
        Assert.Equal(
            Enum.Parse<AfterSync>(expected),
            PublishDecision.Decide(Facts(newCommit, merged, pullOpen, inSeries), carried, Threshold, dryRun)
        );

    [Fact]
    public void C_and_D_the_branch_is_pushed_when_it_moved_or_the_remote_is_not_its_tip()
    {
        Assert.True(PublishDecision.Push(Facts(newCommit: true), remoteIsBranch: false));
        Assert.True(PublishDecision.Push(Facts(newCommit: false, merged: true), remoteIsBranch: true));
        // an earlier run's push failed
        Assert.True(PublishDecision.Push(Facts(newCommit: false), remoteIsBranch: false));
        Assert.False(PublishDecision.Push(Facts(newCommit: false, pullOpen: true), remoteIsBranch: true));
    }

    [Fact]
    public void The_body_is_rendered_again_when_something_new_is_carried_or_a_pull_request_is_opened()
    {
        Assert.True(PublishDecision.RefreshBody(Facts(newCommit: true, pullOpen: true)));
        Assert.True(PublishDecision.RefreshBody(Facts(newCommit: false, pullOpen: false)));
        Assert.False(PublishDecision.RefreshBody(Facts(newCommit: false, pullOpen: true)));
    }

    [Theory]
    [InlineData(nameof(PublishOutcome.Created), "created")]
    [InlineData(nameof(PublishOutcome.Updated), "updated")]
    [InlineData(nameof(PublishOutcome.Unchanged), "none")]
    [InlineData(nameof(PublishOutcome.NotPublished), "none")]
    public void The_operation_output_of(string outcome, string operation) =>
        Assert.Equal(operation, PublishDecision.Operation(Enum.Parse<PublishOutcome>(outcome)).Name());

    [Fact]
    public void A_series_is_created_when_one_chapter_is_opened_updated_when_one_moved_else_none()
    {
        Assert.Equal(PublishOutcome.Created, PublishDecision.Outcome(null, created: true, changed: true));
        Assert.Equal(PublishOutcome.Updated, PublishDecision.Outcome(null, created: false, changed: true));
        Assert.Equal(PublishOutcome.NotPublished, PublishDecision.Outcome(null, created: false, changed: false));
    }
}
