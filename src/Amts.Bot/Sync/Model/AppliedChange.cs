namespace Amts.Bot.Sync;

/// <summary>A change as carried out: characters sent to the engine, segments it translated, and the English
/// segments left in place (marked) because the engine had no translation.</summary>
internal sealed record AppliedChange(
    PlannedChange Change,
    int MtChars,
    int Translated,
    IReadOnlyList<string> Untranslated
)
{
    /// <summary>The change's lines in the translation as written (the pull request's head): where a review comment
    /// goes. Null when it has none, and in reports written before it was recorded (then <see
    /// cref="PlannedChange.Target"/>).</summary>
    public LineRange? Lines { get; init; }

    /// <summary>Text for exactly <see cref="Lines"/> that the bot has but did not write: the human translation these
    /// lines had, where the engine left the new English untranslated in its place. Null when the bot has
    /// none.</summary>
    public string? Suggestion { get; init; }

    /// <summary>Whether a person must look at this change: the planner said so, or the engine left sentences in
    /// English. The one definition for the totals, the pull request, the review comments and report.json.</summary>
    public bool NeedsReview => Change.NeedsReview || Untranslated.Count > 0;
}

internal sealed record FileSyncResult(string TargetPath, string NewTarget, IReadOnlyList<AppliedChange> Changes);
