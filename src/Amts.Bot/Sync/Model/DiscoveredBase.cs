namespace Amts.Bot.Sync;

/// <summary>Why a base was chosen for a file that had none (no <c>_origin.md</c>, no recorded sync), as recorded in the
/// state: the English revision, its blob, and how much of the translation agrees with it — the verbatim anchors (code
/// lines, math, labels, roles, URLs: what a translation keeps as the English has it) and the English prose blocks the
/// aligner pairs confidently with the translation.</summary>
internal sealed record DiscoveredBase(
    string Revision,
    string Blob,
    int AnchorsAgree,
    int AnchorsEnglish,
    int AnchorsTranslation,
    double ProseShare,
    int Candidates,
    int Tied
)
{
    /// <summary>Agreement of the anchors: matched / mean of the two sides (F1 of the multisets).</summary>
    public double AnchorShare =>
        AnchorsEnglish + AnchorsTranslation == 0 ? 0 : 2.0 * AnchorsAgree / (AnchorsEnglish + AnchorsTranslation);

    public override string ToString() =>
        $"{Revision}: {AnchorsAgree} of {AnchorsEnglish} English anchors (code lines, math, labels, roles, URLs) "
        + "found in the "
        + $"translation's {AnchorsTranslation} ({AnchorShare:P0}), {ProseShare:P0} of the English prose blocks "
        + "aligned confidently; "
        + $"best of {Candidates} revision(s)"
        + (Tied > 1 ? $", {Tied} as good (the one nearest the English the book as a whole follows is taken)" : "");
}
