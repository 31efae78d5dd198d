namespace Amts.Bot.Sync;

/// <summary>One English change and what was done with it in the translation. <see cref="English"/> is where the change
/// is in the new English, <see cref="Target"/> where it is in the translation before the sync.</summary>
internal sealed record PlannedChange(
    ChangeKind Kind,
    string Reason,
    LineRange? English,
    LineRange? Target,
    IReadOnlyList<int> Requests,
    bool NeedsReview
)
{
    /// <summary>An excerpt of the English before the change (<see cref="EnglishExcerpt"/>): null for a block added in
    /// English.</summary>
    public string? EnglishBefore { get; init; }

    /// <summary>An excerpt of the English after the change: null for a block removed in English.</summary>
    public string? EnglishAfter { get; init; }
}
