namespace Amts.Bot.Sync;

/// <summary>
/// The last word before anything is written: every file the sync would write is checked as written, against the
/// English before and after and the translation before. A file any rule refuses is not written (its translation,
/// <c>_origin.md</c> and state entry stay as they are) and is held for review with the findings. The rules look at the
/// book, not at the plan: a planner bug that <see cref="PlanInvariant"/> cannot see still stops here.
/// </summary>
internal static class OutputVerifier
{
    /// <summary>The rules, one per construct, in the order their findings are listed.</summary>
    public static IReadOnlyList<IOutputRule> Rules { get; } =
    [
        new HumanLineLedger(),
        new LineEndingRule(),
        new TabGroupRule(),
        new CodeCellTabRule(),
        new FenceRule(),
        new DisplayMathRule(),
        new LabelRule(),
        new TocEntryRule(),
        new SlideMarkerRule(),
        new RepeatedLineRule(),
        new DuplicateBlockRule(),
    ];

    public static IReadOnlyList<OutputFinding> Verify(WrittenFile file)
    {
        if (file.After == file.Before)
            return [];
        var texts = new VerifiedText(file); // each text parsed once, for all the rules
        return Rules.SelectMany(r => r.Check(texts)).ToList();
    }
}
