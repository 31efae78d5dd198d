using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

/// <summary>One file's part of a sync, decided before anything is translated or written. <see cref="Plan"/> is null
/// when nothing is edited (deleted, missing, refused, review). <see cref="DeletePath"/>: a translation removed
/// because English removed its content; <see cref="MovedFrom"/>: the translation's old path when it was carried
/// to a new one (git mv: the old path and its <c>_origin.md</c> go).</summary>
internal sealed record PlannedFile(
    FileReport Report,
    FilePlan? Plan,
    string? NewEnglish,
    string? NewEnglishBlob,
    string? DeletePath,
    string? MovedFrom
)
{
    /// <summary>The English the translation followed before the sync (its <c>_origin.md</c> or recorded base; empty for
    /// a new file), for the output check; null when the plan was made without one (a toc edit of an unchanged
    /// file).</summary>
    public string? BaseEnglish { get; init; }

    /// <summary>The base found for a file without <c>_origin.md</c> or recorded sync (<c>BaseDiscovery</c>),
    /// recorded in the state when the file is synced.</summary>
    public DiscoveredBase? Discovered { get; init; }

    /// <summary>The English after the sync when none is recorded for the file (<see cref="NewEnglish"/> null: a root
    /// index synced by its toc structure, <c>BookStructure</c>), for the output check.</summary>
    public string? EnglishAfter { get; init; }
}

/// <summary>Every file's plan, and the book's human translations (the offline engine, and what the plans
/// used).</summary>
internal sealed record SyncPlan(bool UsesOrigin, IReadOnlyList<PlannedFile> Files, BookMemory Memory);
