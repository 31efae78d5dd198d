using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>What a change rests on, for the invariant: the translation it was located at (offsets of the original
/// translation), where it inserts (next to a located neighbour), and how the English changed its structure.</summary>
internal sealed record ChangeEvidence(TextRange? Located, int? Anchor, StructureCount EnglishDelta);

/// <summary>Everything decided for one file before any engine is called: the edits and what must be translated.
/// <see cref="HumanPairs"/> are the translation's own sentence pairs found while aligning it with the old English
/// (what a translation memory is built from). <see cref="Evidence"/> runs parallel to <see cref="Changes"/>;
/// <see cref="Confident"/> are the parts of the translation the alignment located with confidence.
/// <see cref="Findings"/> hold the whole file for review: then nothing is applied (<see cref="Held"/>).</summary>
internal sealed record FilePlan(
    string TargetPath,
    string OriginalTarget,
    IReadOnlyList<TextEdit> Edits,
    IReadOnlyList<PlannedChange> Changes,
    IReadOnlyList<string> Requests,
    IReadOnlyList<(string Source, string Target)> HumanPairs
)
{
    public IReadOnlyList<ChangeEvidence> Evidence { get; init; } = [];
    public IReadOnlyList<TextRange> Confident { get; init; } = [];
    public IReadOnlyList<FileFinding> Findings { get; init; } = [];

    /// <summary>The file is held whole for review: its translation, <c>_origin.md</c> and state entry stay as they
    /// are.</summary>
    public bool Held => Findings.Count > 0;
}
