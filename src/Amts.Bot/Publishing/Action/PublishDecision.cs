using Amts.Bot.Publishing.Forge;

namespace Amts.Bot.Publishing.Action;

/// <summary>What publishing did to a language's pull request (or a series' pull requests), by name.</summary>
internal enum PublishOutcome
{
    /// <summary>The pull request was opened by this run.</summary>
    Created,

    /// <summary>It was open, and this run carried something new on its branch (a sync commit or the base merged
    /// in).</summary>
    Updated,

    /// <summary>It was open and nothing new was carried: each publishing step was checked (a re-run finishes what a
    /// failed one left), no new commit.</summary>
    Unchanged,

    /// <summary>No pull request: there was none, and nothing asked for one.</summary>
    NotPublished,
}

/// <summary>What the sync left on the branch, as the publishing rules read it.</summary>
/// <param name="NewCommit">The sync made a commit.</param>
/// <param name="Merged">The base was merged into the carried branch before the sync (case 2 of
/// <see cref="SyncBranch"/>).</param>
/// <param name="PullOpen">The sync pull request was open when the run began.</param>
/// <param name="InSeries">A series is under way (<see cref="Series"/>, S2–S5).</param>
/// <param name="NewReviewItems">The items for review of this run's sync.</param>
internal sealed record SyncFacts(bool NewCommit, bool Merged, bool PullOpen, bool InSeries, int NewReviewItems);

/// <summary>What is published after the sync, each case named (<see cref="PublishDecision"/>).</summary>
internal enum AfterSync
{
    /// <summary>B of <see cref="SyncBranch"/>: the new commit only moves the recorded English commit and no pull
    /// request is open: nothing is pushed, no pull request (the state moves with the next real change).</summary>
    OnlyStateMoved,

    /// <summary>S1 of <see cref="Series"/>: no pull request open, nothing merged, and the branch carries more items for
    /// review than the language's <c>series_threshold</c>: one pull request per chapter.</summary>
    SeriesStarts,

    /// <summary>S2 of <see cref="Series"/>: a series is under way; its chapters are published again.</summary>
    SeriesContinues,

    /// <summary>A of <see cref="SyncBranch"/>: no new commit, nothing merged, no pull request open: nothing to carry
    /// (items for review are annotated on the run, <see cref="ReviewOnly"/>).</summary>
    NothingToCarry,

    /// <summary>Something to publish, and the run is a dry run: nothing is pushed or published.</summary>
    DryRun,

    /// <summary>The branch is pushed (when it moved) and the pull request published.</summary>
    Publish,
}

/// <summary>
/// The rules that decide what a language's run publishes, apart from git and the forge (after
/// peter-evans/create-pull-request, whose branch algorithm is one unit with every case named): the case after the
/// sync (<see cref="AfterSync"/>), whether the branch is pushed, whether the body is rendered again, and what the
/// outcome is called (<see cref="PublishOutcome"/>).
/// </summary>
internal static class PublishDecision
{
    /// <summary>Case B, asked first (before the sync's report is recorded on its commit): it needs
    /// <paramref name="onlyStateChanged"/> (a diff) only when every other condition holds.</summary>
    public static bool OnlyStateMoved(SyncFacts facts, Func<bool> onlyStateChanged) =>
        facts.NewCommit
        && !facts.PullOpen
        && !facts.InSeries
        && !facts.Merged
        && facts.NewReviewItems == 0
        && onlyStateChanged();

    /// <summary>The case once the report is recorded (B is <see cref="OnlyStateMoved"/>):
    /// <paramref name="carriedReviewItems"/> are the items of every sync the branch carries.</summary>
    public static AfterSync Decide(SyncFacts facts, int carriedReviewItems, int seriesThreshold, bool dryRun)
    {
        if (facts.InSeries)
            return AfterSync.SeriesContinues;
        if (!facts.PullOpen && !facts.Merged && carriedReviewItems > seriesThreshold)
            return AfterSync.SeriesStarts;
        if (!facts.NewCommit && !facts.Merged && !facts.PullOpen)
            return AfterSync.NothingToCarry;
        return dryRun ? AfterSync.DryRun : AfterSync.Publish;
    }

    /// <summary>Cases C and D of <see cref="SyncBranch"/>: the branch is pushed when it moved, or when the remote's
    /// tip is not the branch's (a run that failed before its push).</summary>
    public static bool Push(SyncFacts facts, bool remoteIsBranch) => facts.NewCommit || facts.Merged || !remoteIsBranch;

    /// <summary>The branch carries something new (a commit, the base merged in).</summary>
    public static bool Changed(SyncFacts facts) => facts.NewCommit || facts.Merged;

    /// <summary>The body is rendered again when the branch carries something new or no pull request is open
    /// (one is opened).</summary>
    public static bool RefreshBody(SyncFacts facts) => Changed(facts) || !facts.PullOpen;

    /// <summary>The outcome's name from what publishing returned and whether the branch carries something
    /// new.</summary>
    public static PublishOutcome Outcome(PullRequest? pull, bool created, bool changed) =>
        created ? PublishOutcome.Created
        : changed ? PublishOutcome.Updated
        : pull == null ? PublishOutcome.NotPublished
        : PublishOutcome.Unchanged;

    /// <summary>The operation the action reports (its <c>operation</c> output): created, updated or none.</summary>
    public static ActionOperation Operation(PublishOutcome outcome) =>
        outcome switch
        {
            PublishOutcome.Created => ActionOperation.Created,
            PublishOutcome.Updated => ActionOperation.Updated,
            _ => ActionOperation.None,
        };

    /// <summary>The language's message for a single pull request.</summary>
    public static string Message(PublishOutcome outcome, PullRequest? pull) =>
        pull == null
            ? "nothing published"
            : $"pull request #{pull.Number} "
                + outcome switch
                {
                    PublishOutcome.Created => "created",
                    PublishOutcome.Updated => "updated",
                    _ => "unchanged (each publishing step checked)",
                };
}
