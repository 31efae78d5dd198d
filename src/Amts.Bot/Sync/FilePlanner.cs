using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

public readonly record struct LineRange(int First, int Last);

/// <summary>One English change and what was done with it in the translation. <see cref="English"/> is where the change
/// is in the new English, <see cref="Target"/> where it is in the translation before the sync.</summary>
public sealed record PlannedChange(ChangeKind Kind, string Reason, LineRange? English, LineRange? Target, IReadOnlyList<int> Requests, bool NeedsReview)
{
    /// <summary>An excerpt of the English before the change (<see cref="EnglishExcerpt"/>): null for a block added in English.</summary>
    public string? EnglishBefore { get; init; }
    /// <summary>An excerpt of the English after the change: null for a block removed in English.</summary>
    public string? EnglishAfter { get; init; }
}

/// <summary>A piece of an edit's new text: literal text, or the translation of request <see cref="Request"/>.</summary>
public sealed record TemplatePart(string? Literal, int Request = -1)
{
    public static TemplatePart Text(string s) => new(s);
    public static TemplatePart Translation(int request) => new(null, request);
}

/// <summary>A replacement of [Start, Start+Length) of the original translation by typed parts (literal text and
/// translations of requests), made for change <see cref="Change"/> of the plan.</summary>
public sealed record TextEdit(int Start, int Length, IReadOnlyList<TemplatePart> Parts, int Change)
{
    public int End => Start + Length;
    /// <summary>The edit's literal text (translations left out): what it writes of structure.</summary>
    public string LiteralText => string.Concat(Parts.Select(p => p.Literal ?? ""));
}

/// <summary>What a change rests on, for the invariant: the translation it was located at (offsets of the original
/// translation), where it inserts (next to a located neighbour), and how the English changed its structure.</summary>
public sealed record ChangeEvidence(TextRange? Located, int? Anchor, StructureCount EnglishDelta);

/// <summary>Everything decided for one file before any engine is called: the edits and what must be translated.
/// <see cref="HumanPairs"/> are the translation's own sentence pairs found while aligning it with the old English
/// (what a translation memory is built from). <see cref="Evidence"/> runs parallel to <see cref="Changes"/>;
/// <see cref="Confident"/> are the parts of the translation the alignment located with confidence.
/// <see cref="Findings"/> hold the whole file for review: then nothing is applied (<see cref="Held"/>).</summary>
public sealed record FilePlan(string TargetPath, string OriginalTarget, IReadOnlyList<TextEdit> Edits, IReadOnlyList<PlannedChange> Changes,
    IReadOnlyList<string> Requests, IReadOnlyList<(string Source, string Target)> HumanPairs)
{
    public IReadOnlyList<ChangeEvidence> Evidence { get; init; } = [];
    public IReadOnlyList<TextRange> Confident { get; init; } = [];
    public IReadOnlyList<FileFinding> Findings { get; init; } = [];
    /// <summary>The file is held whole for review: its translation, <c>_origin.md</c> and state entry stay as they are.</summary>
    public bool Held => Findings.Count > 0;
}

/// <summary>A change as carried out: characters sent to the engine, segments it translated, and the English
/// segments left in place (marked) because the engine had no translation.</summary>
public sealed record AppliedChange(PlannedChange Change, int MtChars, int Translated, IReadOnlyList<string> Untranslated)
{
    /// <summary>The change's lines in the translation as written (the pull request's head): where a review comment goes.
    /// Null when it has none, and in reports written before it was recorded (then <see cref="PlannedChange.Target"/>).</summary>
    public LineRange? Lines { get; init; }
    /// <summary>Text for exactly <see cref="Lines"/> that the bot has but did not write: the human translation these
    /// lines had, where the engine left the new English untranslated in its place. Null when the bot has none.</summary>
    public string? Suggestion { get; init; }

    /// <summary>Whether a person must look at this change: the planner said so, or the engine left sentences in English.
    /// The one definition for the totals, the pull request, the review comments and report.json.</summary>
    public bool NeedsReview => Change.NeedsReview || Untranslated.Count > 0;
}

public sealed record FileSyncResult(string TargetPath, string NewTarget, IReadOnlyList<AppliedChange> Changes);

/// <summary>
/// Plans the least disturbing way to carry one English file's changes into its translation. The old English (the
/// translation's <c>_origin.md</c>, else the English at the start of the range) is aligned with the translation;
/// each block edit of the English is located through that alignment and carried over as the cheapest faithful
/// action; everything else in the translation is left byte for byte. A new English that is broken, not text, or
/// mostly gone holds the file for review (<see cref="EnglishCheck"/>), and every plan passes
/// <see cref="PlanInvariant"/> before it is returned.
/// </summary>
public sealed partial class FilePlanner(string targetLanguage, CosmeticRules rules, LengthModel lengths)
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

    sealed class Builder(string text)
    {
        public readonly string Text = text;
        public readonly List<TextEdit> Edits = [];
        public readonly List<PlannedChange> Changes = [];
        public readonly List<ChangeEvidence> Evidence = [];
        public readonly List<string> Requests = [];
        /// <summary>Blocks located by <see cref="Relocate"/> (verbatim evidence between located neighbours).</summary>
        public readonly List<TextRange> Relocated = [];
        /// <summary>Human text taken from the book's memory for the change about to be added: it goes to
        /// review.</summary>
        public readonly List<HumanText> Reused = [];

        public string Reuse(HumanText human)
        {
            Reused.Add(human);
            return human.Text;
        }

        // While an edit is built its text holds \u0002n\u0003 for request n; Edit() turns that into typed parts.
        public string Request(string segment)
        {
            Requests.Add(segment);
            return $"\u0002{Requests.Count - 1}\u0003";
        }

        /// <summary>An edit of the change about to be added (<see cref="Change"/> is called after its edits).</summary>
        public TextEdit Edit(int start, int length, string template) => new(start, length, Parts(template), Changes.Count);

        public void Change(PlannedChange change, TextRange? located, int? anchor, StructureCount englishDelta, IEnumerable<TextEdit>? edits = null)
        {
            if (Reused.Count > 0)
                change = change with { Reason = $"{change.Reason}; {BookMemory.Note(Reused)}", NeedsReview = true };
            Reused.Clear();
            if (edits != null) Edits.AddRange(edits);
            Changes.Add(change);
            Evidence.Add(new ChangeEvidence(located, anchor, englishDelta));
        }

        public List<int> RequestsSince(int count) => Enumerable.Range(count, Requests.Count - count).ToList();

        static List<TemplatePart> Parts(string template)
        {
            var parts = new List<TemplatePart>();
            int pos = 0;
            while (pos < template.Length)
            {
                int open = template.IndexOf('\u0002', pos);
                if (open < 0) { parts.Add(TemplatePart.Text(template[pos..])); break; }
                if (open > pos) parts.Add(TemplatePart.Text(template[pos..open]));
                int close = template.IndexOf('\u0003', open);
                parts.Add(TemplatePart.Translation(int.Parse(template.AsSpan(open + 1, close - open - 1))));
                pos = close + 1;
            }
            return parts;
        }
    }

    public FilePlan Plan(string targetPath, MarkdownDocument oldEnglish, MarkdownDocument newEnglish, MarkdownDocument target)
    {
        var findings = EnglishCheck.Check(oldEnglish, newEnglish);
        if (findings.Count > 0) return Held(targetPath, target, findings);

        var alignment = BookAligner.AlignFile(new FilePair(oldEnglish.Path, targetPath, false, "sync"), oldEnglish, target, lengths, "en", targetLanguage);
        var located = LocateAll(alignment, oldEnglish, target);
        var b = new Builder(target.Text);
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
                if (edit.New != null) atStart = false;
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
                                        if (targets != null && oldEnglish.Blocks[edit.Old!.Value].Kind == BlockKind.Code && targets.Count == 1
                        && !(target.Blocks[targets[0]].Code?.Tabs ?? []).SequenceEqual(oldEnglish.Blocks[edit.Old!.Value].Code?.Tabs ?? []))
                        targets = null; // the aligner paired cells of different frameworks: look again, never swap cells
                    targets ??= Relocate(edit.Old!.Value, oldEnglish, newEnglish.Blocks[edit.New!.Value], target, located, alignment, b);
                    Modified(b, oldEnglish.Blocks[edit.Old!.Value], newEnglish.Blocks[edit.New!.Value], target, targets);
                    after = targets != null ? End(target, targets) : null;
                    break;
                case BlockEditKind.Inserted:
                {
                    var added = newEnglish.Blocks[edit.New!.Value];
                    if (SlideMarkers.Alone(added) is { } marker
                        && SlideMarkers.Place(marker, edits, i, newEnglish, target, located) is { } put)
                    {
                        // A slide marker on a line of its own: kept, put next to the translation it marks, or review.
                        var markerEdit = put.Kind == ChangeKind.Patched ? new[] { b.Edit(put.At, 0, put.Text) } : null;
                        var lines = put.Neighbour == null ? (LineRange?)null : Lines(target, put.Neighbour);
                        b.Change(new(put.Kind, put.Reason, Lines(added), lines, [], put.Kind == ChangeKind.Review),
                            null, markerEdit?[0].Start, default, markerEdit);
                        break;
                    }
                    var at = Anchor(after, atStart, edits, i, located, target);
                    if (KeepHeld(b, held, newEnglish.Blocks[edit.New!.Value], target, at, located, ref after)) break;
                    if (!Insert(b, newEnglish.Blocks[edit.New!.Value], target, at, ChangeKind.Inserted, "block added in English")) after = null;
                    break;
                }
                case BlockEditKind.Deleted:
                    Delete(b, oldEnglish.Blocks[edit.Old!.Value], target, targets, ChangeKind.Deleted, "block removed in English");
                    break;
                case BlockEditKind.Moved:
                {
                    var at = Anchor(after, atStart, edits, i, located, target);
                    Move(b, oldEnglish.Blocks[edit.Old!.Value], newEnglish.Blocks[edit.New!.Value], target, targets, at);
                    break;
                }
            }
            if (edit.New != null) atStart = false;
            // Every change made for this edit records the English it replaced and the English it brought.
            if (b.Changes.Count == changesBefore) continue;
            var (englishBefore, englishAfter) = EnglishExcerpt.Of(edit.Old is int ob ? oldEnglish.Blocks[ob] : null, edit.New is int nb ? newEnglish.Blocks[nb] : null);
            for (int k = changesBefore; k < b.Changes.Count; k++) b.Changes[k] = b.Changes[k] with { EnglishBefore = englishBefore, EnglishAfter = englishAfter };
        }
        var humanPairs = alignment.Sentences.SelectMany(s => s.Sentences)
            .Where(p => p.Source.Count == 1 && p.Target.Count > 0 && p.Confidence >= ParallelData.MinSentenceConfidence)
            .Select(p => (p.SourceText, p.TargetText)).ToList();
        var plan = new FilePlan(targetPath, target.Text, b.Edits, b.Changes, b.Requests, humanPairs)
        {
            Evidence = b.Evidence,
            Confident = located.Values.Select(t => Span(target, t)).Concat(b.Relocated).Distinct().OrderBy(r => r.Start).ToList(),
        };
        return PlanInvariant.Enforce(plan);
    }

    /// <summary>A plan that applies nothing: one review item per finding (the runner holds a file with it too, e.g. for
    /// <see cref="RangeCheck.OlderThanBase"/>).</summary>
    public static FilePlan Held(string targetPath, MarkdownDocument target, IReadOnlyList<FileFinding> findings)
    {
        var changes = findings.Select(f => f.Kind == FindingKind.AlreadyCarried
            ? new PlannedChange(ChangeKind.Kept, f.Message, null, null, [], false)
            : new PlannedChange(ChangeKind.Review, f.Message + " — nothing of this file was changed", f.Line > 0 ? new LineRange(f.Line, f.Line) : null, null, [], true)).ToList();
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
    static int? Anchor(int? after, bool atStart, IReadOnlyList<BlockEdit> edits, int i, Dictionary<int, IReadOnlyList<int>> located, MarkdownDocument target)
    {
        if (after != null) return after;
        // The next block of the new English that is an old block too (inserted ones in between go at the same place).
        for (int j = i + 1; j < edits.Count; j++)
        {
            if (edits[j].Kind is BlockEditKind.Deleted) continue;
            if (edits[j].Kind is BlockEditKind.Inserted or BlockEditKind.Moved) continue;
            if (located.GetValueOrDefault(edits[j].Old!.Value) is { } next)
            {
                // Only when nothing of the new English between here and there was left unlocated.
                bool clean = Enumerable.Range(i + 1, j - i - 1).All(k => edits[k].Kind is BlockEditKind.Deleted or BlockEditKind.Inserted);
                if (clean && (!atStart || next[0] == FirstContent(target))) return -1 - target.Blocks[next[0]].Offset; // before
            }
            return null;
        }
        return null;
    }

    static int FirstContent(MarkdownDocument doc)
    {
        for (int k = 0; k < doc.Blocks.Count; k++) if (doc.Blocks[k].Kind != BlockKind.Blank) return k;
        return 0;
    }

    /// <summary>The translation's blocks for each old English block located with confidence: the block alignment,
    /// plus blocks that are the bot's own marked English for exactly that block (an untranslated block from an earlier sync).</summary>
    Dictionary<int, IReadOnlyList<int>> LocateAll(FileAlignment alignment, MarkdownDocument oldEnglish, MarkdownDocument target)
    {
        // The bot's own marked English is certain evidence: it is exactly the old English block, sentence for sentence.
        var exact = new Dictionary<int, int>();
        if (target.Text.Contains(Untranslated))
        {
            var marked = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int t = 0; t < target.Blocks.Count; t++)
                if (AllMarked(target.Blocks[t]))
                    marked.TryAdd(string.Join(" ", SentenceAligner.SentencesOf([target.Blocks[t]], targetLanguage).Select(s => Unmarked(s.Text))), t);
            var claimed = new HashSet<int>();
            for (int o = 0; o < oldEnglish.Blocks.Count; o++)
            {
                if (!oldEnglish.Blocks[o].IsProse) continue;
                var key = string.Join(" ", SentenceAligner.SentencesOf([oldEnglish.Blocks[o]], "en").Select(s => s.Text));
                if (marked.TryGetValue(key, out var t) && claimed.Add(t)) exact[o] = t;
            }
        }
        var taken = exact.Values.ToHashSet();
        var result = exact.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)[kv.Value]);
        foreach (var pair in alignment.Blocks)
            if (pair.Target.Count > 0 && pair.Confidence >= BookAligner.LowConfidence && !pair.Target.Any(taken.Contains))
                foreach (var s in pair.Source) result.TryAdd(s, pair.Target);
        return result;
    }

    /// <summary>Share of a code cell's code lines (comments aside) that must match for a cell to be taken as the
    /// translation of an English cell the aligner left unlocated, when it is the only such cell of the same framework
    /// between the located neighbours. 0.7: d2l-zh's cells differ from their _origin.md in translated docstrings and
    /// fixes made later (seq2seq.md's bleu: 11 of 15 lines), a different cell of the same section shares far less.</summary>
    const double MinSameCode = 0.7;
    /// <summary>An aligner pair below <see cref="BookAligner.LowConfidence"/> still locates a block when it is 1–1, of the
    /// same kind, and lies between the translations of the located neighbours: the window makes up for the weaker
    /// score. 0.2: below it the aligner's pairs on the replay are mostly English-only blocks matched to nothing alike.</summary>
    const double MinWindowedConfidence = 0.2;

    /// <summary>
    /// A changed English block the alignment did not locate with confidence, located by verbatim evidence between its
    /// located neighbours (the translation's blocks after the previous located English block and before the next): the
    /// only block there with every changed protected span (math, code, URL) exactly once; a code cell of the same
    /// framework with the same code; or the only unlocated block of its kind there when the English too has only this
    /// one unlocated block between them. Null when none of these holds.
    /// </summary>
    IReadOnlyList<int>? Relocate(int o, MarkdownDocument oldEnglish, Block newBlock, MarkdownDocument target, Dictionary<int, IReadOnlyList<int>> located, FileAlignment alignment, Builder b)
    {
        var oldBlock = oldEnglish.Blocks[o];
        int prev = located.Where(kv => kv.Key < o).Select(kv => kv.Value[^1]).DefaultIfEmpty(-1).Max();
        int next = located.Where(kv => kv.Key > o).Select(kv => kv.Value[0]).DefaultIfEmpty(target.Blocks.Count).Min();
        if (prev >= next) return null;
        var taken = located.Values.SelectMany(t => t).ToHashSet();
        var window = Enumerable.Range(prev + 1, Math.Max(0, next - prev - 1)).Where(t => target.Blocks[t].Kind != BlockKind.Blank && !taken.Contains(t)).ToList();
        IReadOnlyList<int>? found = null;
        var how = ChangeClassifier.Classify(oldBlock, newBlock, rules);
        // (A number is no evidence of place.)
        if (how.Kind == ChangeKind.Patched && how.Patches.Count > 0 && !how.Patches.Any(p => p.Token))
        {
            var hits = window.Where(t => target.Blocks[t].Kind == oldBlock.Kind && how.Patches.All(p => Once(target.Blocks[t].Text, p.Old))).ToList();
            if (hits.Count == 1 && how.Patches.All(p => Once(target.Text, p.Old))) found = hits;
        }
        if (found == null && oldBlock.Kind == BlockKind.Code)
        {
            var code = CodeLines(oldBlock.Text);
            var hits = window.Where(t => target.Blocks[t].Kind == BlockKind.Code && (target.Blocks[t].Code?.Tabs ?? []).SequenceEqual(oldBlock.Code?.Tabs ?? []))
                .Where(t => SameCode(code, CodeLines(target.Blocks[t].Text))).ToList();
            if (hits.Count == 1) found = hits;
            else if (hits.Count > 1 && hits.Where(t => CodeLines(target.Blocks[t].Text).SequenceEqual(code)).ToList() is [var same]) found = [same];
        }
        if (found == null && alignment.Blocks.FirstOrDefault(p => p.Source.Contains(o)) is { } weak && weak.Source.Count == 1 && weak.Target.Count == 1
            && weak.Confidence >= MinWindowedConfidence && window.Contains(weak.Target[0]) && target.Blocks[weak.Target[0]].Kind == oldBlock.Kind
            && (target.Blocks[weak.Target[0]].Code?.Tabs ?? []).SequenceEqual(oldBlock.Code?.Tabs ?? []))
            found = weak.Target;
        if (found == null)
        {
            int oPrev = located.Keys.Where(k => k < o).DefaultIfEmpty(-1).Max(), oNext = located.Keys.Where(k => k > o).DefaultIfEmpty(oldEnglish.Blocks.Count).Min();
            var englishBetween = Enumerable.Range(oPrev + 1, Math.Max(0, oNext - oPrev - 1)).Where(k => oldEnglish.Blocks[k].Kind != BlockKind.Blank).ToList();
            if (englishBetween.Count == 1 && window.Count == 1 && target.Blocks[window[0]].Kind == oldBlock.Kind) found = window;
        }
        if (found != null) b.Relocated.Add(Span(target, found));
        return found;
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
        string.Join("\n", text.Split('\n').Where(l => !D2lSyntax.AttachedDirective().IsMatch(l.Trim())).Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    static bool IsMarked(string sentence) => sentence.TrimStart().StartsWith(Untranslated, StringComparison.Ordinal);

    static string Unmarked(string sentence) => sentence.Replace(Untranslated, "").Trim();

    static int End(MarkdownDocument doc, IReadOnlyList<int> blocks) => doc.Blocks[blocks[^1]].Offset + doc.Blocks[blocks[^1]].Text.Length;

    static TextRange Span(MarkdownDocument doc, IReadOnlyList<int> blocks) => new(doc.Blocks[blocks[0]].Offset, End(doc, blocks) - doc.Blocks[blocks[0]].Offset);

    static LineRange Lines(Block b) => new(b.Line, b.EndLine);

    static LineRange Lines(MarkdownDocument doc, IReadOnlyList<int> blocks) => new(doc.Blocks[blocks[0]].Line, doc.Blocks[blocks[^1]].EndLine);

    static string Ensure(string blockText) => blockText.EndsWith('\n') ? blockText : blockText + "\n";

    static StructureCount Delta(Block? oldBlock, Block? newBlock) =>
        (newBlock == null ? default : StructureCount.Of(newBlock.Text)) - (oldBlock == null ? default : StructureCount.Of(oldBlock.Text));

    static bool IsTabMarker(Block b) => b.Kind is BlockKind.TabBegin or BlockKind.TabEnd;

    void Review(Builder b, string reason, Block? english, MarkdownDocument target, IReadOnlyList<int>? targets) =>
        b.Change(new(ChangeKind.Review, reason, english == null ? null : Lines(english), targets == null ? null : Lines(target, targets), [], true), null, null, default);

    void Modified(Builder b, Block oldBlock, Block newBlock, MarkdownDocument target, IReadOnlyList<int>? targets)
    {
        var delta = Delta(oldBlock, newBlock);
        if (DirectiveLines(oldBlock.Text).Count + DirectiveLines(newBlock.Text).Count > 0 && WithoutDirectives(oldBlock.Text) == WithoutDirectives(newBlock.Text))
        {
            // Only an attached :label:/:width: line changed: structure, not prose. The translation's block keeps its text.
            var have = targets == null ? [] : targets.SelectMany(t => DirectiveLines(target.Blocks[t].Text)).ToHashSet();
            bool present = targets != null && DirectiveLines(newBlock.Text).All(have.Contains);
            if (present) b.Change(new(ChangeKind.Kept, "only an attached :label:/:width: line changed; the translation has it already", Lines(newBlock), Lines(target, targets!), [], false), null, null, default);
            else Review(b, "only an attached :label:/:width: line changed: change it in the translation by hand", newBlock, target, targets);
            return;
        }
        var how = ChangeClassifier.Classify(oldBlock, newBlock, rules);
        if (how.Kind == ChangeKind.Kept)
        {
            b.Change(new(ChangeKind.Kept, how.Reason, Lines(newBlock), targets == null ? null : Lines(target, targets), [], false), null, null, default);
            return;
        }
        if (targets == null)
        {
            Review(b, $"{how.Kind.ToString().ToLowerInvariant()} change, but its translation could not be located with confidence: find the translation of "
                + "the English before (below) and carry the change there by hand", newBlock, target, null);
            return;
        }
        int start = target.Blocks[targets[0]].Offset, end = End(target, targets);
        var located = new TextRange(start, end - start);
        var current = target.Text[start..end];
        if (how.SlideMarkers >= 0)
        {
            int have = ProtectedSpans.Find(current).Count(x => x.Kind == ProtectedKind.SlideMarker);
            bool placed = have >= how.SlideMarkers;
            bool prose = oldBlock.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading;
            if (!placed && prose && newBlock.Kind == oldBlock.Kind
                && targets.All(t => target.Blocks[t].Kind == oldBlock.Kind))
            {
                // Put around the human sentences they mark (SlideMarkers.ForSentences), or review.
                RetranslateSentences(b, oldBlock, newBlock, target, targets, located, delta);
                return;
            }
            b.Change(new(placed ? ChangeKind.Kept : ChangeKind.Review,
                placed ? how.Reason + "; the translation has its own" : how.Reason + $"; the translation has {have} of {how.SlideMarkers}: place them by hand",
                Lines(newBlock), Lines(target, targets), [], !placed), null, null, default);
            return;
        }
        // The bot's own English (marked untranslated) for exactly this block: replaced by the new English's translation.
        if (oldBlock.IsProse && newBlock.IsProse && targets.All(t => AllMarked(target.Blocks[t])))
        {
            int before = b.Requests.Count;
            var edit = b.Edit(start, end - start, TranslateBlock(b, newBlock, current.EndsWith('\n')));
            b.Change(new(ChangeKind.Retranslated, "the English left untranslated by an earlier sync changed; replaced by the new English's translation",
                Lines(newBlock), Lines(target, targets), b.RequestsSince(before), false), located, null, delta, [edit]);
            return;
        }
        switch (how.Kind)
        {
            case ChangeKind.Patched when how.Patches.Any(p => p.Token):
            {
                // Only numbers changed: each token patched where it stands once in the block, else by sentence.
                var found = NumberPatch.Locate(target.Text, start, end, oldBlock.Text, how.Patches, out var missing);
                if (found != null)
                {
                    var numbers = found.Select(f => b.Edit(f.At, f.Patch.Old.Length, f.Patch.New)).ToList();
                    b.Change(new(ChangeKind.Patched, how.Reason, Lines(newBlock), Lines(target, targets), [], false),
                        located, null, delta, numbers);
                    return;
                }
                if (oldBlock.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote
                    && targets.All(t => target.Blocks[t].Kind == oldBlock.Kind))
                    RetranslateSentences(b, oldBlock, newBlock, target, targets, located, delta);
                else Review(b, $"{how.Reason}, but {missing}: change it by hand", newBlock, target, targets);
                return;
            }
            case ChangeKind.Patched:
            {
                var local = new List<TextEdit>();
                foreach (var patch in how.Patches)
                {
                    int at = current.IndexOf(patch.Old, StringComparison.Ordinal);
                    bool unique = at >= 0 && current.IndexOf(patch.Old, at + 1, StringComparison.Ordinal) < 0;
                    if (unique) { local.Add(b.Edit(start + at, patch.Old.Length, patch.New)); continue; }
                    if (at < 0 && current.Contains(patch.New, StringComparison.Ordinal)) continue; // already carried over
                    Review(b, $"{how.Reason}, but \"{Short(patch.Old)}\" is not in the translation exactly once", newBlock, target, targets);
                    return;
                }
                b.Change(new(ChangeKind.Patched, how.Reason, Lines(newBlock), Lines(target, targets), [], false), located, null, delta, local);
                return;
            }
            case ChangeKind.CodeMerged when targets.Count == 1 && target.Blocks[targets[0]].Kind == BlockKind.Code:
            {
                // Cells never swap: the translation's cell must be the same framework's cell as the old English one.
                var ours = target.Blocks[targets[0]].Code?.Tabs ?? [];
                var theirs = oldBlock.Code?.Tabs ?? [];
                if (!ours.SequenceEqual(theirs))
                {
                    Review(b, $"code cell changed, but the translation's cell there is for #@tab {string.Join(",", ours)} instead of #@tab {string.Join(",", theirs)}: not merged",
                        newBlock, target, targets);
                    return;
                }
                var merged = LineMerge.Merge(CellLines(oldBlock.Text), CellLines(newBlock.Text), CellLines(current));
                if (merged.Conflicts.Count > 0 && b.Relocated.Contains(located))
                {
                    // Located by evidence around it rather than by the aligner: where both sides changed the code, a person merges.
                    Review(b, $"code cell changed where the translation's cell differs too ({merged.Conflicts.Count} conflicting region(s)), and the cell was located only by its neighbours: merge it by hand",
                        newBlock, target, targets);
                    return;
                }
                var text = string.Join("\n", merged.Lines) + "\n";
                var local = text != Ensure(current) ? new[] { b.Edit(start, end - start, current.EndsWith('\n') ? text : text.TrimEnd('\n')) } : [];
                var reason = merged.Conflicts.Count > 0 ? $"code merged; {merged.Conflicts.Count} conflicting region(s) took the English code" : "code merged, translated comments kept";
                if (merged.EnglishComments.Count > 0) reason += $"; {merged.EnglishComments.Count} changed English comment(s) to translate";
                int gone = merged.DeletedComments.Count, unsure = merged.KeptComments.Count;
                if (gone > 0) reason += $"; {gone} translated comment line(s) removed with the English ones";
                if (unsure > 0) reason += $"; {unsure} comment line(s) kept where the English removed comments: check";
                bool look = merged.Conflicts.Count > 0 || merged.EnglishComments.Count > 0
                    || merged.KeptComments.Count > 0;
                b.Change(new(ChangeKind.CodeMerged, reason, Lines(newBlock), Lines(target, targets), [], look),
                    located, null, delta, local);
                return;
            }
            case ChangeKind.Retranslated when oldBlock.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote && newBlock.Kind == oldBlock.Kind
                                               && targets.All(t => target.Blocks[t].Kind == oldBlock.Kind):
                RetranslateSentences(b, oldBlock, newBlock, target, targets, located, delta);
                return;
        }
        if (IsTabMarker(oldBlock) || IsTabMarker(newBlock) || targets.Any(t => IsTabMarker(target.Blocks[t])))
        {
            Review(b, "tab group marker changed in English: change it in the translation by hand", newBlock, target, targets);
            return;
        }
        // Otherwise the block is translated anew from the new English (a heading, a table, a figure: one unit).
        int first = b.Requests.Count;
        var whole = b.Edit(start, end - start, TranslateBlock(b, newBlock, current.EndsWith('\n')));
        b.Change(new(ChangeKind.Retranslated, how.Kind == ChangeKind.CodeMerged ? "code cell replaced (its translation is not a code cell)" : how.Reason + "; block translated anew",
            Lines(newBlock), Lines(target, targets), b.RequestsSince(first), false), located, null, delta, [whole]);
    }

    bool AllMarked(Block block)
    {
        if (!block.IsProse || !block.Text.Contains(Untranslated)) return false;
        var sentences = SentenceAligner.SentencesOf([block], targetLanguage);
        return sentences.Count > 0 && sentences.All(s => IsMarked(s.Text));
    }

    static List<string> CellLines(string text) => text.TrimEnd('\n').Split('\n').ToList();

    static string Short(string s) => s.Length > 60 ? s[..57] + "..." : s;

    /// <summary>
    /// A paragraph (or list or quote) whose prose changed: its sentences are diffed, and only the translation of the changed
    /// sentences is replaced (the human sentences for the rest stay byte for byte). Where the translation does not
    /// split these sentences one for one with confidence (a changed sentence shares a translated sentence with an
    /// unchanged one, or has no translated sentence of its own), nothing is cut: the change goes to review.
    /// </summary>
    void RetranslateSentences(Builder b, Block oldBlock, Block newBlock, MarkdownDocument target, IReadOnlyList<int> targets, TextRange located, StructureCount delta)
    {
        var oldS = SentenceAligner.SentencesOf([oldBlock], "en");
        var newS = SentenceAligner.SentencesOf([newBlock], "en");
        var tgtS = SentenceAligner.SentencesOf(targets.Select(t => target.Blocks[t]), targetLanguage);
        if (oldS.Count == 0 || tgtS.Count == 0)
        {
            Review(b, "the prose changed, but the translation has no sentences to match it with", newBlock, target, targets);
            return;
        }
        var pairs = WithMarkedPairs(new SentenceAligner(new GaleChurchWithAnchors(lengths), "en", targetLanguage).Align(oldS, tgtS), oldS, tgtS);
        // A translation that does not follow its English here (d2l-zh wrote parts of its preface itself) must not get
        // the change a second time in other words: when too few sentences pair up, a person decides.
        int paired = pairs.Where(p => p.Source.Count > 0 && p.Target.Count > 0 && p.Confidence >= MinSentencePairConfidence).Sum(p => p.Source.Count);
        if (paired < MinFollowing * oldS.Count)
        {
            Review(b, $"the translation does not follow its English here ({paired} of {oldS.Count} sentences pair up): not carried over automatically", newBlock, target, targets);
            return;
        }
        var kept = BlockDiff.Lcs(oldS.Select(s => ChangeClassifier.SentenceKey(s.Text)).ToList(), newS.Select(s => ChangeClassifier.SentenceKey(s.Text)).ToList());
        var local = new List<TextEdit>();
        kept = CarryBySentence(b, target.Text, kept, oldS, newS, tgtS, pairs, local, out var unsure);
        if (unsure != null)
        {
            Review(b, $"the prose changed only in numbers, but {unsure}: not carried over (the human sentences stay)",
                newBlock, target, targets);
            return;
        }
        var marks = SlideMarkers.ForSentences(kept, oldS, newS, tgtS, pairs, MinSentencePairConfidence,
            out var misplaced);
        local.InsertRange(0, (marks ?? []).Select(m => b.Edit(m.At, 0, m.Text))); // before a patch at the same place
        var keptOld = kept.Select(k => k.A).ToHashSet();
        int before = b.Requests.Count;
        bool multiline = targets.Any(t => target.Blocks[t].LineCount > 1);
        string joiner = profile.BlockSentenceJoiner(multiline);
        int a = 0, n = 0;
        string? tangled = null;
        foreach (var (ka, kn) in kept.Append((oldS.Count, newS.Count)))
        {
            var deleted = Enumerable.Range(a, ka - a).ToList();
            var inserted = Enumerable.Range(n, kn - n).ToList();
            (a, n) = (ka + 1, kn + 1);
            if (deleted.Count == 0 && inserted.Count == 0) continue;
            // In a list or quote an added or removed sentence may be an item of its own: only in-place replacements here.
            if (oldBlock.Kind != BlockKind.Paragraph && (deleted.Count == 0 || inserted.Count == 0)) { tangled = "a sentence added to or removed from a list or quote"; break; }
            var touching = pairs.Where(p => p.Source.Any(deleted.Contains)).ToList();
            if (touching.Any(p => p.Source.Any(keptOld.Contains))) { tangled = "the translation joins a changed sentence with an unchanged one"; break; }
            if (touching.Any(p => p.Target.Count > 0 && p.Confidence < MinSentencePairConfidence)) { tangled = "a changed sentence is matched with its translation without confidence"; break; }
            if (deleted.Count > 0 && inserted.Count > 0 && touching.All(p => p.Target.Count == 0)) { tangled = "the changed sentence has no translated sentence of its own"; break; }
            var covered = touching.SelectMany(p => p.Target).Order().ToList();
            if (covered.Count > 0 && covered[^1] - covered[0] + 1 != covered.Count) { tangled = "the changed sentences' translation is not in one piece"; break; }
            var translation = string.Join(joiner, inserted.Select(i => b.Request(newS[i].Text)));
            if (covered.Count > 0)
            {
                int start = tgtS[covered[0]].Span.Start, end = tgtS[covered[^1]].Span.End;
                if (translation.Length == 0)
                {
                    // Removing sentences: take the whitespace after them too, so no blank gap is left.
                    while (end < target.Text.Length && target.Text[end] is ' ' or '\n' && end < tgtS[^1].Span.End) end++;
                }
                local.Add(b.Edit(start, end - start, translation));
            }
            else if (inserted.Count > 0)
            {
                // New sentences: after the translation of the English sentence before them, or at the start.
                var previous = pairs.LastOrDefault(p => p.Source.Count > 0 && p.Source.Max() < (deleted.Count > 0 ? deleted[0] : ka) && p.Target.Count > 0);
                if (previous != null && previous.Confidence < MinSentencePairConfidence) { tangled = "the sentence before the new one is matched without confidence"; break; }
                if (previous == null) local.Add(b.Edit(tgtS[0].Span.Start, 0, translation + joiner));
                else local.Add(b.Edit(tgtS[previous.Target.Max()].Span.End, 0, joiner + translation));
            }
        }
        if (tangled != null)
        {
            b.Requests.RemoveRange(before, b.Requests.Count - before); // nothing of this attempt may reach the engine
            Review(b, $"the prose changed, but {tangled}: not carried over sentence by sentence (the human sentences stay)", newBlock, target, targets);
            return;
        }
        var requests = b.RequestsSince(before);
        var slides = misplaced == null ? null : $"slide markers (**…**) changed, but {misplaced}: place them by hand";
        if (slides != null && requests.Count == 0 && local.Count == 0)
        {
            Review(b, slides, newBlock, target, targets);
            return;
        }
        if (requests.Count == 0)
            b.Change(new(local.Count == 0 ? ChangeKind.Kept : ChangeKind.Patched,
                local.Count == 0 ? "sentences changed cosmetically only; the human sentences stay"
                : marks?.Count == local.Count ? "only slide markers (**…**) changed; put around the human sentences"
                : "sentences changed only in protected spans; patched in the translated sentences",
                Lines(newBlock), Lines(target, targets), [], false), located, null, delta, local);
        else
            b.Change(new(ChangeKind.Retranslated, $"{requests.Count} sentence(s) new or changed; the rest keep their human translation",
                Lines(newBlock), Lines(target, targets), requests, false), located, null, delta, local);
        if (slides != null) Review(b, slides, newBlock, target, targets);
    }

    /// <summary>Sentences of the translation that are the bot's marked English for an old English sentence are that
    /// sentence's translation, with certainty: they replace whatever the length-based aligner paired them with.</summary>
    static IReadOnlyList<SentencePair> WithMarkedPairs(IReadOnlyList<SentencePair> pairs, List<Sentence> oldS, List<Sentence> tgtS)
    {
        var exact = new Dictionary<int, int>(); // target sentence -> old sentence
        var usedOld = new HashSet<int>();
        for (int t = 0; t < tgtS.Count; t++)
        {
            if (!IsMarked(tgtS[t].Text)) continue;
            var text = Unmarked(tgtS[t].Text);
            int o = oldS.FindIndex(s => s.Text == text && !usedOld.Contains(oldS.IndexOf(s)));
            if (o >= 0) { exact[t] = o; usedOld.Add(o); }
        }
        if (exact.Count == 0) return pairs;
        var rest = pairs.Select(p => p with { Source = p.Source.Where(s => !usedOld.Contains(s)).ToList(), Target = p.Target.Where(t => !exact.ContainsKey(t)).ToList() })
            .Where(p => p.Source.Count + p.Target.Count > 0);
        return rest.Concat(exact.Select(kv => new SentencePair([kv.Value], [kv.Key], oldS[kv.Value].Text, tgtS[kv.Key].Text, 1.0)))
            .OrderBy(p => p.Source.Count > 0 ? p.Source.Min() : int.MaxValue).ThenBy(p => p.Target.Count > 0 ? p.Target.Min() : int.MaxValue).ToList();
    }

    /// <summary>
    /// Within each run of changed sentences, a sentence changed one for one only cosmetically (kept: its human
    /// translation stays) or only inside protected spans (patched into its translated sentence) counts as unchanged.
    /// Returns the matched sentence pairs extended by those; the span patches go to <paramref name="edits"/>.
    /// </summary>
    List<(int A, int B)> CarryBySentence(Builder b, string targetText, List<(int A, int B)> kept, List<Sentence> oldS, List<Sentence> newS,
        List<Sentence> tgtS, IReadOnlyList<SentencePair> pairs, List<TextEdit> edits, out string? unsure)
    {
        unsure = null;
        var result = new List<(int, int)>(kept);
        int a = 0, n = 0;
        foreach (var (ka, kn) in kept.Append((oldS.Count, newS.Count)))
        {
            if (ka - a == kn - n)
                for (int k = 0; k < ka - a; k++)
                {
                    int o = a + k, w = n + k;
                    var how = ChangeClassifier.Classify(SentenceBlock(oldS[o].Text), SentenceBlock(newS[w].Text), rules);
                    if (how.Kind == ChangeKind.Kept || how.SlideMarkers >= 0) { result.Add((o, w)); continue; }
                    if (how.Kind != ChangeKind.Patched) continue;
                    var pair = pairs.FirstOrDefault(p => p.Source.Contains(o));
                    if (how.Patches.Any(p => p.Token))
                    {
                        // Only numbers changed: patched where each stands once in the sentence's translation.
                        var at = NumberPatch.InSentence(targetText, pair, tgtS, oldS[o].Text, how.Patches,
                            MinSentencePairConfidence, out var missing);
                        if (at == null)
                        {
                            unsure ??= $"\"{Short(newS[w].Text)}\" cannot be patched ({missing})";
                            continue;
                        }
                        edits.AddRange(at.Select(f => b.Edit(f.At, f.Patch.Old.Length, f.Patch.New)));
                        result.Add((o, w));
                        continue;
                    }
                    if (pair == null || pair.Target.Count == 0 || pair.Source.Count != 1) continue;
                    int start = tgtS[pair.Target.Min()].Span.Start, end = tgtS[pair.Target.Max()].Span.End;
                    var patches = how.Patches.Select(p => (p, At: IndexOfOnce(targetText, p.Old, start, end))).ToList();
                    if (patches.Any(p => p.At < 0)) continue;
                    edits.AddRange(patches.Select(p => b.Edit(p.At, p.p.Old.Length, p.p.New)));
                    result.Add((o, w));
                }
            (a, n) = (ka + 1, kn + 1);
        }
        result.Sort();
        return result;
    }

    static int IndexOfOnce(string text, string what, int from, int to)
    {
        int at = text.IndexOf(what, from, to - from, StringComparison.Ordinal);
        return at >= 0 && text.IndexOf(what, at + 1, to - at - 1, StringComparison.Ordinal) < 0 ? at : -1;
    }

    static Block SentenceBlock(string text) => new(BlockKind.Paragraph, 0, 1, 1, text);

    /// <summary>A new English block in the target language: prose segments translated sentence by sentence,
    /// the structure (markers, labels, code, math) kept as it is.</summary>
    string TranslateBlock(Builder b, Block block, bool endWithNewline)
    {
        var text = block.Text;
        if (!block.IsProse) return endWithNewline ? Ensure(text) : text.TrimEnd('\n');
        if (Known?.FindBlock(block) is { } human) return endWithNewline ? Ensure(b.Reuse(human)) : b.Reuse(human);
        var spans = ProtectedSpans.Find(text);
        var sb = new StringBuilder();
        int pos = 0;
        foreach (var segment in ProseSegments.Of(block))
        {
            sb.Append(text, pos, segment.Start - pos);
            var segText = segment.Of(text);
            var local = spans.Where(s => s.Start >= segment.Start && s.End <= segment.End).Select(s => s with { Start = s.Start - segment.Start }).ToList();
            var sentences = SentenceSplitter.English.Split(segText, local);
            string joiner = profile.BlockSentenceJoiner(block.Kind == BlockKind.Paragraph);
            sb.Append(string.Join(joiner, sentences.Select(r => SentenceAligner.Flatten(r.Of(segText)))
                .Select(x => Known?.FindSentence(block.Kind, x) is { } h ? b.Reuse(h) : b.Request(x))));
            pos = segment.End;
        }
        sb.Append(text, pos, text.Length - pos);
        var result = sb.ToString();
        return endWithNewline ? Ensure(result) : result.TrimEnd('\n');
    }

    /// <summary>Inserts a new English block next to a located neighbour (<paramref name="at"/> ≥ 0: after the
    /// translation ending there; &lt; 0: before the block starting at -1-at); with none, it is listed for review.</summary>
    bool Insert(Builder b, Block newBlock, MarkdownDocument target, int? at, ChangeKind kind, string reason)
    {
        if (at == null)
        {
            Review(b, reason + ", but the translation of neither neighbour could be located with confidence: add it by hand", newBlock, target, null);
            return false;
        }
        if (IsTabMarker(newBlock))
        {
            Review(b, "tab group marker added in English: add it to the translation by hand", newBlock, target, null);
            return false;
        }
        int before = b.Requests.Count;
        var translated = TranslateBlock(b, newBlock, true);
        var edit = InsertEdit(b, target, at.Value, translated);
        b.Change(new(kind, reason, Lines(newBlock), null, b.RequestsSince(before), false), null, edit.Start, Delta(null, newBlock), [edit]);
        return true;
    }

    /// <summary>A block English adds that the translation holds already (<see cref="AlreadyHeld"/>) is not
    /// inserted again: kept where it is (the next new block goes after it), or listed for review when its place is
    /// unsure.</summary>
    static bool KeepHeld(Builder b, AlreadyHeld held, Block newBlock, MarkdownDocument target, int? at,
        Dictionary<int, IReadOnlyList<int>> located, ref int? after)
    {
        var claimed = located.Values.SelectMany(t => t).ToHashSet();
        for (int t = 0; t < target.Blocks.Count; t++)
            if (b.Relocated.Any(r => target.Blocks[t].Offset >= r.Start && target.Blocks[t].Offset < r.End))
                claimed.Add(t);
        if (held.Find(newBlock, at, claimed) is not { } found) return false;
        if (found.InPlace)
        {
            b.Relocated.Add(Span(target, found.Blocks));
            after = End(target, found.Blocks);
        }
        var kind = found.InPlace ? ChangeKind.Kept : ChangeKind.Review;
        var there = Lines(target, [found.Blocks[0]]);
        b.Change(new(kind, found.Reason, Lines(newBlock), there, [], !found.InPlace), null, null, default);
        return true;
    }

    static TextEdit InsertEdit(Builder b, MarkdownDocument target, int at, string blockText)
    {
        if (at < 0) return b.Edit(-1 - at, 0, blockText + "\n");
        return b.Edit(at, 0, at == 0 ? blockText + "\n" : (target.Text[at - 1] != '\n' ? "\n\n" : "\n") + blockText);
    }

    void Delete(Builder b, Block oldBlock, MarkdownDocument target, IReadOnlyList<int>? targets, ChangeKind kind, string reason)
    {
        if (targets == null)
        {
            b.Change(new(kind, reason + "; no translation of it was found, nothing removed", Lines(oldBlock), null, [], false), null, null, default);
            return;
        }
        if (IsTabMarker(oldBlock) || targets.Any(t => IsTabMarker(target.Blocks[t])))
        {
            Review(b, "tab group marker removed in English: remove it from the translation by hand", oldBlock, target, targets);
            return;
        }
        int start = target.Blocks[targets[0]].Offset, end = End(target, targets);
        // Take the blank run after the block too, so that no double blank line is left behind.
        int next = targets[^1] + 1;
        if (next < target.Blocks.Count && target.Blocks[next].Kind == BlockKind.Blank) end += target.Blocks[next].Text.Length;
        var edit = b.Edit(start, end - start, "");
        b.Change(new(kind, reason, Lines(oldBlock), Lines(target, targets), [], false), new TextRange(start, end - start), null, Delta(oldBlock, null), [edit]);
    }

    void Move(Builder b, Block oldBlock, Block newBlock, MarkdownDocument target, IReadOnlyList<int>? targets, int? at)
    {
        if (targets == null)
        {
            if (!Insert(b, newBlock, target, at, ChangeKind.Moved, "block moved in English (its translation was not found)")) return;
            return;
        }
        if (at == null || IsTabMarker(oldBlock))
        {
            Review(b, "block moved in English, but its new place could not be located with confidence in the translation: move it by hand", newBlock, target, targets);
            return;
        }
        int start = target.Blocks[targets[0]].Offset, end = End(target, targets);
        int next = targets[^1] + 1;
        int cut = end;
        if (next < target.Blocks.Count && target.Blocks[next].Kind == BlockKind.Blank) cut += target.Blocks[next].Text.Length;
        var moved = target.Text[start..end];
        var reason = "block moved in English (its translation moved with it)";
        if (oldBlock.Text != newBlock.Text)
        {
            // Moved with only its numbers changed (BlockDiff): they are patched as the translation moves.
            if (NumberPatch.Apply(moved, oldBlock.Text, newBlock.Text, out var why) is not { } patched)
            {
                Review(b, $"block moved in English and {why}: move and change it by hand", newBlock, target, targets);
                return;
            }
            (moved, reason) = (patched, reason + "; " + why);
        }
        var remove = b.Edit(start, cut - start, "");
        var put = InsertEdit(b, target, at.Value, Ensure(moved));
        b.Change(new(ChangeKind.Moved, reason, Lines(newBlock), Lines(target, targets), [], false),
            new TextRange(start, cut - start), put.Start, default, [remove, put]);
    }

    /// <summary>Fills the templates with the engine's results (a miss keeps the English, visibly marked) and applies
    /// the edits to the original translation. Overlapping edits are a planning error, never silently merged.</summary>
    public static FileSyncResult Apply(FilePlan plan, IReadOnlyList<TranslationResult> results)
    {
        if (results.Count != plan.Requests.Count) throw new InvalidOperationException($"{plan.TargetPath}: {plan.Requests.Count} segments sent, {results.Count} results");
        // Every segment sent belongs to a reported change, or the characters reported would not be what was sent.
        if (plan.Changes.Sum(c => c.Requests.Count) != plan.Requests.Count || plan.Changes.SelectMany(c => c.Requests).Distinct().Count() != plan.Requests.Count)
            throw new InvalidOperationException($"{plan.TargetPath}: a segment to translate belongs to no reported change");
        string Fill(TextEdit e) => string.Concat(e.Parts.Select(p => p.Literal ?? results[p.Request].Text ?? Untranslated + plan.Requests[p.Request]));
        var ordered = plan.Edits.Select((e, i) => (e, i)).OrderBy(x => x.e.Start).ThenBy(x => x.i).Select(x => (E: x.e, Text: Fill(x.e))).ToList();
        var sb = new StringBuilder(plan.OriginalTarget.Length + 1024);
        var at = new Dictionary<TextEdit, int>(ReferenceEqualityComparer.Instance); // where each edit's text starts in the new translation
        int pos = 0;
        foreach (var (e, text) in ordered)
        {
            if (e.Start < pos) throw new InvalidOperationException($"{plan.TargetPath}: overlapping edits at offset {e.Start}");
            sb.Append(plan.OriginalTarget, pos, e.Start - pos);
            at[e] = sb.Length;
            sb.Append(text);
            pos = e.Start + e.Length;
        }
        sb.Append(plan.OriginalTarget, pos, plan.OriginalTarget.Length - pos);
        var written = sb.ToString();
        var (originalLines, writtenLines) = (new LineStarts(plan.OriginalTarget), new LineStarts(written));
        var applied = plan.Changes.Select((c, i) =>
        {
            var (lines, suggestion) = Written(plan, ordered, at, written, originalLines, writtenLines, c, i, results);
            return new AppliedChange(c,
                c.Requests.Sum(r => plan.Requests[r].Length),
                c.Requests.Count(r => results[r].Text != null),
                c.Requests.Where(r => results[r].Text == null).Select(r => plan.Requests[r]).ToList()) { Lines = lines, Suggestion = suggestion };
        }).ToList();
        return new FileSyncResult(plan.TargetPath, written, applied);
    }

    /// <summary>The longest suggestion kept, in characters: the report keeps it (a git note on every sync commit, read
    /// back on each run), and a suggestion is taken whole or not at all. The longest prose block of d2l-zh (code cells
    /// aside) has about 2,500 characters, so 4,000 leave out only what is better compared in the diff than replaced in one click.</summary>
    const int MaxSuggestionChars = 4000;

    /// <summary>
    /// Where change <paramref name="index"/> is in the translation as written: the lines its translation lines
    /// (<see cref="PlannedChange.Target"/>) moved to, or, for an addition, the lines of its new text; null when nothing of
    /// it is left. And, where the engine left English in the place of human text (an edit whose every segment went
    /// untranslated and that replaced text of the translation other than the bot's own marked English), those lines as
    /// they would be with that human text back: a suggestion that replaces exactly them, taking out only the bot's English.
    /// </summary>
    static (LineRange? Lines, string? Suggestion) Written(FilePlan plan, List<(TextEdit E, string Text)> edits, Dictionary<TextEdit, int> at,
        string written, LineStarts originalLines, LineStarts writtenLines, PlannedChange change, int index, IReadOnlyList<TranslationResult> results)
    {
        var text = plan.OriginalTarget;
        int Delta(TextEdit e, string filled) => filled.Length - e.Length;
        if (change.Target is not { } target)
        {
            // An addition: the lines of its own text, without the blank lines that separate it from its neighbours.
            var own = edits.Where(x => x.E.Change == index && x.Text.Trim('\r', '\n').Length > 0).ToList();
            if (own.Count == 0) return (null, null);
            int from = own.Min(x => at[x.E] + (x.Text.Length - x.Text.TrimStart('\r', '\n').Length));
            int to = own.Max(x => at[x.E] + x.Text.TrimEnd('\r', '\n').Length);
            return (new LineRange(writtenLines.LineAt(from), writtenLines.LineAt(to - 1)), null);
        }
        // The translation's lines target.First..target.Last as offsets [start, end), then where they are now: edits that
        // end at or before the start move it (another change's addition right before the block too, this change's own
        // addition at its start not); edits that start before the end move the end (an addition right at the end only
        // when it is this change's own). An addition right at either edge is within the lines when it is the change's own.
        bool Own(TextEdit e) => e.Change == index;
        bool Before(TextEdit e, int at) => e.End <= at && !(e.Length == 0 && e.Start == at && Own(e));
        int start = originalLines.StartOf(target.First), end = originalLines.StartOf(target.Last + 1);
        if (start < 0) return (null, null);
        if (end < 0) end = text.Length;
        // (Clamped: lines that another change's edit cuts into must never fail the sync; they get no lines or a wide range.)
        int newStart = Math.Clamp(start + edits.Where(x => Before(x.E, start)).Sum(x => Delta(x.E, x.Text)), 0, written.Length);
        int newEnd = Math.Clamp(end + edits.Where(x => x.E.Start < end || (x.E.Length == 0 && x.E.Start == end && Own(x.E))).Sum(x => Delta(x.E, x.Text)), 0, written.Length);
        if (newEnd <= newStart || written[newStart..newEnd].Trim().Length == 0) return (null, null);
        var lines = new LineRange(writtenLines.LineAt(newStart), writtenLines.LineAt(newEnd - 1));

        bool Restorable(TextEdit e) => e.Change == index && e.Length > 0 && e.Parts.Any(p => p.Literal == null)
            && e.Parts.All(p => p.Literal != null || results[p.Request].Text == null) && !text.Substring(e.Start, e.Length).Contains(Untranslated, StringComparison.Ordinal);
        var inside = edits.Where(x => x.E.Start >= start && x.E.End <= end && !(x.E.Length == 0 && (x.E.Start == start || x.E.Start == end) && !Own(x.E))).ToList();
        if (!inside.Any(x => Restorable(x.E))) return (lines, null);
        // The lines as written, rebuilt from the edits inside them, must be what was written there: else no suggestion.
        string Rebuild(Func<TextEdit, bool> keepHuman)
        {
            var sb = new StringBuilder();
            int pos = start;
            foreach (var (e, filled) in inside)
            {
                sb.Append(text, pos, e.Start - pos).Append(keepHuman(e) ? text.Substring(e.Start, e.Length) : filled);
                pos = e.End;
            }
            return sb.Append(text, pos, end - pos).ToString();
        }
        if (Rebuild(_ => false) != written[newStart..newEnd]) return (lines, null);
        var suggestion = Rebuild(Restorable);
        if (suggestion.Length > MaxSuggestionChars) return (lines, null);
        int ending = suggestion.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : suggestion.EndsWith('\n') ? 1 : 0;
        return (lines, suggestion[..^ending]);
    }
}

/// <summary>Where each line of a text starts, computed once: the line of an offset and the offset of a line in
/// O(log n) and O(1) (a change's lines are looked up for every change of a file, and a file may have megabytes).</summary>
sealed class LineStarts
{
    readonly int[] starts;
    readonly int length;

    public LineStarts(string text)
    {
        var list = new List<int> { 0 };
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) list.Add(i + 1);
        starts = [.. list];
        length = text.Length;
    }

    /// <summary>The offset where 1-based line <paramref name="line"/> starts; -1 past the end (a line after the final
    /// newline does not exist).</summary>
    public int StartOf(int line)
    {
        if (line < 1 || line > starts.Length) return -1;
        int pos = starts[line - 1];
        return pos == length && line > 1 ? -1 : pos;
    }

    /// <summary>The 1-based line of <paramref name="offset"/> (one more than the newlines before it).</summary>
    public int LineAt(int offset)
    {
        int limit = Math.Min(offset, length);
        int lo = 0, hi = starts.Length; // the number of starts ≤ limit, excluding none: starts[0] = 0 always counts
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= limit) lo = mid + 1; else hi = mid;
        }
        return Math.Max(lo, 1);
    }
}
