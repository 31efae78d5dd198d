namespace Amts.Bot.Sync;

internal sealed record FileReport(
    string SourcePath,
    string? TargetPath,
    FileStatus Status,
    IReadOnlyList<AppliedChange> Changes,
    int WholeFileChars,
    string? Note
)
{
    /// <summary>Why the file was held whole for review (broken or non-text English, a shrink, an older range): for the
    /// report and for annotations on the push.</summary>
    public IReadOnlyList<FileFinding> Findings { get; init; } = [];

    /// <summary>The translation's old path when the sync carried it to <see cref="TargetPath"/> (its old path and
    /// <c>_origin.md</c> go in the same commit): the move is one unit, never split across pull requests.</summary>
    public string? MovedFrom { get; init; }
}

internal sealed record SyncTotals(
    int Files,
    int Changes,
    int MtChars,
    int WholeFileChars,
    int Translated,
    int Untranslated,
    int Reviews
);

internal sealed record SyncReport(
    string SourceName,
    string From,
    string To,
    string Language,
    string Engine,
    IReadOnlyList<FileReport> Files,
    string? CompareUrl
)
{
    /// <summary>What the pull request's body says about this sync for as long as it lives (a reconciliation: which
    /// files and why), as Markdown-safe text.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public SyncTotals Totals =>
        new(
            Files.Count,
            Files.Sum(f => f.Changes.Count),
            Files.Sum(f => f.Changes.Sum(c => c.MtChars)),
            Files.Sum(f => f.WholeFileChars),
            Files.Sum(f => f.Changes.Sum(c => c.Translated)),
            Files.Sum(f => f.Changes.Sum(c => c.Untranslated.Count)),
            Files.Sum(f => f.Changes.Count(c => c.NeedsReview)) + Files.Count(f => f.Status.IsItem())
        );

    /// <summary>What a review item without a line in the translation says instead: why there is none and what to
    /// do.</summary>
    public static string NoLine(PlannedChange c) =>
        c.English is { } e
            ? "(no line: the bot could not tell where English "
                + $"{(e.First == e.Last ? $"line {e.First}" : $"lines {e.First}–{e.Last}")} is translated; "
                + "find it by the English before and after)"
            : "(no line: the item concerns the whole file)";
}
