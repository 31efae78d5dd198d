using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

/// <summary>
/// Plans the least disturbing way to carry one English file's changes into its translation. The old English (the
/// translation's <c>_origin.md</c>, else the English at the start of the range) is aligned with the translation;
/// each block edit of the English is located through that alignment and carried over as the cheapest faithful
/// action; everything else in the translation is left byte for byte. A new English that is broken, not text, or
/// mostly gone holds the file for review (<see cref="EnglishCheck"/>), and every plan passes
/// <see cref="PlanInvariant"/> before it is returned.
/// </summary>
internal sealed partial class FilePlanner(string targetLanguage, CosmeticRules rules, LengthModel lengths)
{
    const string Untranslated = BotMarkers.Untranslated;

    /// <summary>Below this share of old English sentences paired with the translation, a changed block goes to review.
    /// 0.6: on the 30 real commits the paragraphs d2l-zh wrote itself (its preface) pair at most half their sentences,
    /// the paragraphs it translated pair nearly all.</summary>
    const double MinFollowing = 0.6;

    /// <summary>A sentence pair this sure (the aligner's score) may have its translation replaced or removed: the
    /// threshold parallel data is mined with (<see cref="ParallelData.MinSentenceConfidence"/>).</summary>
    static readonly double MinSentencePairConfidence = ParallelData.MinSentenceConfidence;
    readonly Languages.LanguageProfile profile = Languages.LanguageProfile.For(targetLanguage);

    /// <summary>The book's human translations: a new English block or sentence found there takes the human text
    /// instead of going to the engine, and its change goes to review naming where that text came from.</summary>
    public BookMemory? Known { get; init; }

    public FilePlan Plan(
        string targetPath,
        MarkdownDocument oldEnglish,
        MarkdownDocument newEnglish,
        MarkdownDocument target
    )
    {
        var findings = EnglishCheck.Check(oldEnglish, newEnglish);
        if (findings.Count > 0)
            return Held(targetPath, target, findings);

        var alignment = BookAligner.AlignFile(
            new FilePair(oldEnglish.Path, targetPath, false, "sync"),
            oldEnglish,
            target,
            lengths,
            "en",
            targetLanguage
        );
        var located = LocateAll(alignment, oldEnglish, target);
        var b = new Builder(target.Text)
        {
            Links = LinkLabels.Learn(oldEnglish, target, located),
            Aligned = alignment
                .Sentences.Where(a => a.Blocks.Source.Count == 1)
                .ToDictionary(
                    a => oldEnglish.Blocks[a.Blocks.Source[0]],
                    a => a,
                    (IEqualityComparer<Block>)ReferenceEqualityComparer.Instance
                ),
        };
        var held = new AlreadyHeld(target);
        var edits = TabGroups.WholeGroups(BlockDiff.Diff(oldEnglish, newEnglish), oldEnglish, newEnglish);
        // Where the translation of the last English block (of the new English, in order) ends, when it was located;
        // null when that block could not be located: inserting then needs the next block as a neighbour.
        int? after = target.Text.Trim().Length == 0 ? 0 : null;
        bool atStart = true;
        var tabs = new TabGroups(edits, oldEnglish, newEnglish, target, located);
        for (int i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            // Tab markers are structure: a group English added, removed or relabelled is carried whole (TabGroups.cs).
            if (CarryTabGroup(b, tabs, i, ref after, atStart))
            {
                if (edit.New != null)
                    atStart = false;
                continue;
            }
            var targets = edit.Old is int o ? located.GetValueOrDefault(o) : null;
            int changesBefore = b.Changes.Count;
            switch (edit.Kind)
            {
                case BlockEditKind.Unchanged:
                    after = targets != null ? End(target, targets) : null;
                    break;
                case BlockEditKind.Modified:
                    if (
                        targets != null
                        && oldEnglish.Blocks[edit.Old!.Value].Kind == BlockKind.Code
                        && targets.Count == 1
                        && !(target.Blocks[targets[0]].Code?.Tabs ?? []).SequenceEqual(
                            oldEnglish.Blocks[edit.Old!.Value].Code?.Tabs ?? []
                        )
                    )
                        // the aligner paired cells of different frameworks: look again, never swap cells
                        targets = null;
                    targets ??= Relocate(
                        edit.Old!.Value,
                        oldEnglish,
                        newEnglish.Blocks[edit.New!.Value],
                        target,
                        located,
                        alignment,
                        b
                    );
                    Modified(
                        b,
                        oldEnglish.Blocks[edit.Old!.Value],
                        newEnglish.Blocks[edit.New!.Value],
                        target,
                        targets
                    );
                    after = targets != null ? End(target, targets) : null;
                    break;
                case BlockEditKind.Inserted:
                {
                    var added = newEnglish.Blocks[edit.New!.Value];
                    if (
                        SlideMarkers.Alone(added) is { } marker
                        && SlideMarkers.Place(marker, edits, i, newEnglish, target, located) is { } put
                    )
                    {
                        // A slide marker on a line of its own: kept, put next to the translation it marks, or review.
                        var markerEdit = put.Kind == ChangeKind.Patched ? new[] { b.Edit(put.At, 0, put.Text) } : null;
                        var lines = put.Neighbour == null ? (LineRange?)null : Lines(target, put.Neighbour);
                        b.Change(
                            new(put.Kind, put.Reason, Lines(added), lines, [], put.Kind == ChangeKind.Review),
                            null,
                            markerEdit?[0].Start,
                            default,
                            markerEdit
                        );
                        break;
                    }
                    var at = Anchor(after, atStart, edits, i, located, target);
                    if (KeepHeld(b, held, newEnglish.Blocks[edit.New!.Value], target, at, located, ref after))
                        break;
                    if (
                        !Insert(
                            b,
                            newEnglish.Blocks[edit.New!.Value],
                            target,
                            at,
                            ChangeKind.Inserted,
                            "block added in English"
                        )
                    )
                        after = null;
                    break;
                }
                case BlockEditKind.Deleted:
                    Delete(
                        b,
                        oldEnglish.Blocks[edit.Old!.Value],
                        target,
                        targets,
                        ChangeKind.Deleted,
                        "block removed in English"
                    );
                    break;
                case BlockEditKind.Moved:
                {
                    var at = Anchor(after, atStart, edits, i, located, target);
                    Move(
                        b,
                        oldEnglish.Blocks[edit.Old!.Value],
                        newEnglish.Blocks[edit.New!.Value],
                        target,
                        targets,
                        at
                    );
                    break;
                }
            }
            if (edit.New != null)
                atStart = false;
            // Every change made for this edit records the English it replaced and the English it brought.
            if (b.Changes.Count == changesBefore)
                continue;
            var (englishBefore, englishAfter) = EnglishExcerpt.Of(
                edit.Old is int ob ? oldEnglish.Blocks[ob] : null,
                edit.New is int nb ? newEnglish.Blocks[nb] : null
            );
            for (int k = changesBefore; k < b.Changes.Count; k++)
                b.Changes[k] = b.Changes[k] with { EnglishBefore = englishBefore, EnglishAfter = englishAfter };
        }
        var humanPairs = alignment
            .Sentences.SelectMany(s => s.Sentences)
            .Where(p => p.Source.Count == 1 && p.Target.Count > 0 && p.Confidence >= ParallelData.MinSentenceConfidence)
            .Select(p => (p.SourceText, p.TargetText))
            .ToList();
        var plan = new FilePlan(targetPath, target.Text, b.Edits, b.Changes, b.Requests, humanPairs)
        {
            Evidence = b.Evidence,
            Confident = located
                .Values.Select(t => Span(target, t))
                .Concat(b.Relocated)
                .Distinct()
                .OrderBy(r => r.Start)
                .ToList(),
        };
        return PlanInvariant.Enforce(plan);
    }

    /// <summary>A plan that applies nothing: one review item per finding (the runner holds a file with it too, e.g. for
    /// <see cref="RangeCheck.OlderThanBase"/>).</summary>
    public static FilePlan Held(string targetPath, MarkdownDocument target, IReadOnlyList<FileFinding> findings)
    {
        var changes = findings
            .Select(f =>
                f.Kind == FindingKind.AlreadyCarried
                    ? new PlannedChange(ChangeKind.Kept, f.Message, null, null, [], false)
                    : new PlannedChange(
                        ChangeKind.Review,
                        f.Message + " — nothing of this file was changed",
                        f.Line > 0 ? new LineRange(f.Line, f.Line) : null,
                        null,
                        [],
                        true
                    )
            )
            .ToList();
        return new FilePlan(targetPath, target.Text, [], changes, [], [])
        {
            Evidence = changes.Select(_ => new ChangeEvidence(null, null, default)).ToList(),
            Findings = findings,
        };
    }

    /// <summary>
    /// Where a new block goes: right after the translation of the English block before it, when that one was located;
    /// else right before the translation of the English block after it, when that one was; at the top when the block
    /// opens the file and the next one is located at the top too. Otherwise nowhere (null): it is listed for review.
    /// </summary>
    static int? Anchor(
        int? after,
        bool atStart,
        IReadOnlyList<BlockEdit> edits,
        int i,
        Dictionary<int, IReadOnlyList<int>> located,
        MarkdownDocument target
    )
    {
        if (after != null)
            return after;
        // The next block of the new English that is an old block too (inserted ones in between go at the same place).
        for (int j = i + 1; j < edits.Count; j++)
        {
            if (edits[j].Kind is BlockEditKind.Deleted)
                continue;
            if (edits[j].Kind is BlockEditKind.Inserted or BlockEditKind.Moved)
                continue;
            if (located.GetValueOrDefault(edits[j].Old!.Value) is { } next)
            {
                // Only when nothing of the new English between here and there was left unlocated.
                bool clean = Enumerable
                    .Range(i + 1, j - i - 1)
                    .All(k => edits[k].Kind is BlockEditKind.Deleted or BlockEditKind.Inserted);
                if (clean && (!atStart || next[0] == FirstContent(target)))
                    return -1 - target.Blocks[next[0]].Offset; // before
            }
            return null;
        }
        return null;
    }

    static int FirstContent(MarkdownDocument doc)
    {
        for (int k = 0; k < doc.Blocks.Count; k++)
            if (doc.Blocks[k].Kind != BlockKind.Blank)
                return k;
        return 0;
    }

    static bool Once(string text, string what)
    {
        int at = text.IndexOf(what, StringComparison.Ordinal);
        return at >= 0 && text.IndexOf(what, at + 1, StringComparison.Ordinal) < 0;
    }

    static List<string> CodeLines(string cell) =>
        cell.Split('\n').Select(l => BlockFeatures.StripComment(l).Trim()).Where(l => l.Length > 0).ToList();

    static bool SameCode(List<string> a, List<string> b) =>
        a.Count > 0 && b.Count > 0 && BlockDiff.Lcs(a, b).Count >= MinSameCode * Math.Max(a.Count, b.Count);

    static List<string> DirectiveLines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => D2lSyntax.AttachedDirective().IsMatch(l)).ToList();

    static string WithoutDirectives(string text) =>
        string.Join(
            "\n",
            text.Split('\n')
                .Where(l => !D2lSyntax.AttachedDirective().IsMatch(l.Trim()))
                .Select(l => l.TrimEnd())
                .Where(l => l.Length > 0)
        );

    static bool IsMarked(string sentence) => sentence.TrimStart().StartsWith(Untranslated, StringComparison.Ordinal);

    static string Unmarked(string sentence) => sentence.Replace(Untranslated, "").Trim();

    static int End(MarkdownDocument doc, IReadOnlyList<int> blocks) =>
        doc.Blocks[blocks[^1]].Offset + doc.Blocks[blocks[^1]].Text.Length;

    static TextRange Span(MarkdownDocument doc, IReadOnlyList<int> blocks) =>
        new(doc.Blocks[blocks[0]].Offset, End(doc, blocks) - doc.Blocks[blocks[0]].Offset);

    static LineRange Lines(Block b) => new(b.Line, b.EndLine);

    static LineRange Lines(MarkdownDocument doc, IReadOnlyList<int> blocks) =>
        new(doc.Blocks[blocks[0]].Line, doc.Blocks[blocks[^1]].EndLine);

    static string Ensure(string blockText) => blockText.EndsWith('\n') ? blockText : blockText + "\n";

    static StructureCount Delta(Block? oldBlock, Block? newBlock) =>
        (newBlock == null ? default : StructureCount.Of(newBlock.Text))
        - (oldBlock == null ? default : StructureCount.Of(oldBlock.Text));

    static bool IsTabMarker(Block b) => b.Kind is BlockKind.TabBegin or BlockKind.TabEnd;
}
