using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

public readonly record struct LineRange(int First, int Last);

/// <summary>One English change and what was done with it in the translation.</summary>
public sealed record PlannedChange(ChangeKind Kind, string Reason, LineRange? English, LineRange? Target, IReadOnlyList<int> Requests, bool NeedsReview);

/// <summary>A replacement of [Start, Start+Length) of the original translation by a template, in which
/// <c>\u0002n\u0003</c> stands for the translation of request n.</summary>
public sealed record TextEdit(int Start, int Length, string Template);

/// <summary>Everything decided for one file before any engine is called: the edits and what must be translated.
/// <see cref="HumanPairs"/> are the translation's own sentence pairs found while aligning it with the old English
/// (what a translation memory is built from).</summary>
public sealed record FilePlan(string TargetPath, string OriginalTarget, IReadOnlyList<TextEdit> Edits, IReadOnlyList<PlannedChange> Changes,
    IReadOnlyList<string> Requests, IReadOnlyList<(string Source, string Target)> HumanPairs);

/// <summary>A change as carried out: characters sent to the engine, segments it translated, and the English
/// segments left in place (marked) because the engine had no translation.</summary>
public sealed record AppliedChange(PlannedChange Change, int MtChars, int Translated, IReadOnlyList<string> Untranslated);

public sealed record FileSyncResult(string TargetPath, string NewTarget, IReadOnlyList<AppliedChange> Changes);

/// <summary>
/// Plans the least disturbing way to carry one English file's changes into its translation. The old English (the
/// translation's <c>_origin.md</c>, else the English at the start of the range) is aligned with the translation;
/// each block edit of the English is located through that alignment and carried over as the cheapest faithful
/// action; everything else in the translation is left byte for byte.
/// </summary>
public sealed class FilePlanner(string targetLanguage, CosmeticRules rules, LengthModel lengths)
{
    const string Untranslated = "<!-- amts: untranslated -->";
    /// <summary>Below this share of old English sentences paired with the translation, a changed block goes to review.</summary>
    const double MinFollowing = 0.6;
    readonly Languages.LanguageProfile profile = Languages.LanguageProfile.For(targetLanguage);

    sealed class Builder(string text)
    {
        public readonly string Text = text;
        public readonly List<TextEdit> Edits = [];
        public readonly List<PlannedChange> Changes = [];
        public readonly List<string> Requests = [];

        public string Request(string segment)
        {
            Requests.Add(segment);
            return $"\u0002{Requests.Count - 1}\u0003";
        }

        public List<int> RequestsSince(int count) => Enumerable.Range(count, Requests.Count - count).ToList();
    }

    public FilePlan Plan(string targetPath, MarkdownDocument oldEnglish, MarkdownDocument newEnglish, MarkdownDocument target)
    {
        var alignment = BookAligner.AlignFile(new FilePair(oldEnglish.Path, targetPath, false, "sync"), oldEnglish, target, lengths, "en", targetLanguage);
        var b = new Builder(target.Text);
        int lastEnd = 0; // where the translation of the last located English block ends: the insertion point
        foreach (var edit in BlockDiff.Diff(oldEnglish, newEnglish))
        {
            var targets = edit.Old is int o ? Located(alignment, o) : null;
            switch (edit.Kind)
            {
                case BlockEditKind.Unchanged:
                    if (targets != null) lastEnd = End(target, targets);
                    break;
                case BlockEditKind.Modified:
                    Modified(b, oldEnglish.Blocks[edit.Old!.Value], newEnglish.Blocks[edit.New!.Value], target, targets, alignment);
                    if (targets != null) lastEnd = End(target, targets);
                    break;
                case BlockEditKind.Inserted:
                    Insert(b, newEnglish.Blocks[edit.New!.Value], target, lastEnd, ChangeKind.Inserted, "block added in English");
                    break;
                case BlockEditKind.Deleted:
                    Delete(b, oldEnglish.Blocks[edit.Old!.Value], target, targets, ChangeKind.Deleted, "block removed in English");
                    break;
                case BlockEditKind.Moved:
                    Delete(b, oldEnglish.Blocks[edit.Old!.Value], target, targets, ChangeKind.Moved, "block moved in English (removed here)");
                    if (targets != null)
                    {
                        int start = target.Blocks[targets[0]].Offset;
                        b.Edits.Add(new TextEdit(lastEnd, 0, "\n" + Ensure(target.Text[start..End(target, targets)])));
                    }
                    else Insert(b, newEnglish.Blocks[edit.New!.Value], target, lastEnd, ChangeKind.Moved, "block moved in English (its translation was not found)");
                    break;
            }
        }
        var humanPairs = alignment.Sentences.SelectMany(s => s.Sentences)
            .Where(p => p.Source.Count == 1 && p.Target.Count > 0 && p.Confidence >= ParallelData.MinSentenceConfidence)
            .Select(p => (p.SourceText, p.TargetText)).ToList();
        return new FilePlan(targetPath, target.Text, b.Edits, b.Changes, b.Requests, humanPairs);
    }

    /// <summary>The translation's blocks for an old English block, if found with confidence.</summary>
    static IReadOnlyList<int>? Located(FileAlignment alignment, int oldBlock)
    {
        var pair = alignment.Blocks.FirstOrDefault(p => p.Source.Contains(oldBlock));
        return pair == null || pair.Target.Count == 0 || pair.Confidence < BookAligner.LowConfidence ? null : pair.Target;
    }

    static int End(MarkdownDocument doc, IReadOnlyList<int> blocks) => doc.Blocks[blocks[^1]].Offset + doc.Blocks[blocks[^1]].Text.Length;

    static LineRange Lines(Block b) => new(b.Line, b.EndLine);

    static LineRange Lines(MarkdownDocument doc, IReadOnlyList<int> blocks) => new(doc.Blocks[blocks[0]].Line, doc.Blocks[blocks[^1]].EndLine);

    static string Ensure(string blockText) => blockText.EndsWith('\n') ? blockText : blockText + "\n";

    void Modified(Builder b, Block oldBlock, Block newBlock, MarkdownDocument target, IReadOnlyList<int>? targets, FileAlignment alignment)
    {
        var how = ChangeClassifier.Classify(oldBlock, newBlock, rules);
        if (how.Kind == ChangeKind.Kept)
        {
            b.Changes.Add(new(ChangeKind.Kept, how.Reason, Lines(newBlock), targets == null ? null : Lines(target, targets), [], false));
            return;
        }
        if (targets == null)
        {
            b.Changes.Add(new(ChangeKind.Review, $"{how.Kind.ToString().ToLowerInvariant()} change, but its translation could not be located with confidence", Lines(newBlock), null, [], true));
            return;
        }
        int start = target.Blocks[targets[0]].Offset, end = End(target, targets);
        var current = target.Text[start..end];
        if (how.SlideMarkers >= 0)
        {
            int have = ProtectedSpans.Find(current).Count(x => x.Kind == ProtectedKind.SlideMarker);
            bool placed = have >= how.SlideMarkers;
            b.Changes.Add(new(placed ? ChangeKind.Kept : ChangeKind.Review,
                placed ? how.Reason + "; the translation has its own" : how.Reason + $"; the translation has {have} of {how.SlideMarkers}: place them by hand",
                Lines(newBlock), Lines(target, targets), [], !placed));
            return;
        }
        switch (how.Kind)
        {
            case ChangeKind.Patched:
            {
                var local = new List<TextEdit>();
                foreach (var patch in how.Patches)
                {
                    int at = current.IndexOf(patch.Old, StringComparison.Ordinal);
                    bool unique = at >= 0 && current.IndexOf(patch.Old, at + 1, StringComparison.Ordinal) < 0;
                    if (unique) { local.Add(new TextEdit(start + at, patch.Old.Length, patch.New)); continue; }
                    if (at < 0 && current.Contains(patch.New, StringComparison.Ordinal)) continue; // already carried over
                    b.Changes.Add(new(ChangeKind.Review, $"{how.Reason}, but \"{Short(patch.Old)}\" is not in the translation exactly once", Lines(newBlock), Lines(target, targets), [], true));
                    return;
                }
                b.Edits.AddRange(local);
                b.Changes.Add(new(ChangeKind.Patched, how.Reason, Lines(newBlock), Lines(target, targets), [], false));
                return;
            }
            case ChangeKind.CodeMerged when targets.Count == 1 && target.Blocks[targets[0]].Kind == BlockKind.Code:
            {
                var merged = LineMerge.Merge(CellLines(oldBlock.Text), CellLines(newBlock.Text), CellLines(current));
                var text = string.Join("\n", merged.Lines) + "\n";
                if (text != Ensure(current)) b.Edits.Add(new TextEdit(start, end - start, current.EndsWith('\n') ? text : text.TrimEnd('\n')));
                var reason = merged.Conflicts.Count > 0 ? $"code merged; {merged.Conflicts.Count} conflicting region(s) took the English code" : "code merged, translated comments kept";
                if (merged.EnglishComments.Count > 0) reason += $"; {merged.EnglishComments.Count} changed English comment(s) to translate";
                b.Changes.Add(new(ChangeKind.CodeMerged, reason, Lines(newBlock), Lines(target, targets), [], merged.Conflicts.Count > 0 || merged.EnglishComments.Count > 0));
                return;
            }
            case ChangeKind.Retranslated when oldBlock.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote && newBlock.Kind == oldBlock.Kind
                                               && targets.All(t => target.Blocks[t].Kind == oldBlock.Kind):
                if (RetranslateSentences(b, oldBlock, newBlock, target, targets)) return;
                break;
        }
        // Otherwise the block is translated anew from the new English (the memory engine still returns the human
        // translation of every unchanged sentence).
        int before = b.Requests.Count;
        b.Edits.Add(new TextEdit(start, end - start, TranslateBlock(b, newBlock, current.EndsWith('\n'))));
        b.Changes.Add(new(ChangeKind.Retranslated, how.Kind == ChangeKind.CodeMerged ? "code cell replaced (its translation is not a code cell)" : how.Reason + "; block translated anew",
            Lines(newBlock), Lines(target, targets), b.RequestsSince(before), false));
    }

    static List<string> CellLines(string text) => text.TrimEnd('\n').Split('\n').ToList();

    static string Short(string s) => s.Length > 60 ? s[..57] + "..." : s;

    /// <summary>
    /// A paragraph (or list or quote) whose prose changed: its sentences are diffed, and only the translation of the changed
    /// sentences is replaced (the human sentences for the rest stay byte for byte). False when the sentence
    /// alignment is too tangled (a changed sentence shares a translated sentence with an unchanged one).
    /// </summary>
    bool RetranslateSentences(Builder b, Block oldBlock, Block newBlock, MarkdownDocument target, IReadOnlyList<int> targets)
    {
        var oldS = SentenceAligner.SentencesOf([oldBlock], "en");
        var newS = SentenceAligner.SentencesOf([newBlock], "en");
        var tgtS = SentenceAligner.SentencesOf(targets.Select(t => target.Blocks[t]), targetLanguage);
        if (oldS.Count == 0 || tgtS.Count == 0) return false;
        var pairs = new SentenceAligner(new GaleChurchWithAnchors(lengths), "en", targetLanguage).Align(oldS, tgtS);
        // A translation that does not follow its English here (d2l-zh wrote parts of its preface itself) must not get
        // the change a second time in other words: when too few sentences pair up, a person decides.
        int paired = pairs.Where(p => p.Source.Count > 0 && p.Target.Count > 0 && p.Confidence >= ParallelData.MinSentenceConfidence).Sum(p => p.Source.Count);
        if (paired < MinFollowing * oldS.Count)
        {
            b.Changes.Add(new(ChangeKind.Review, $"the translation does not follow its English here ({paired} of {oldS.Count} sentences pair up): not carried over automatically",
                Lines(newBlock), Lines(target, targets), [], true));
            return true;
        }
        var kept = BlockDiff.Lcs(oldS.Select(s => ChangeClassifier.SentenceKey(s.Text)).ToList(), newS.Select(s => ChangeClassifier.SentenceKey(s.Text)).ToList());
        var local = new List<TextEdit>();
        kept = CarryBySentence(target.Text, kept, oldS, newS, tgtS, pairs, local);
        var keptOld = kept.Select(k => k.A).ToHashSet();
        int before = b.Requests.Count;
        bool multiline = targets.Any(t => target.Blocks[t].LineCount > 1);
        string joiner = profile.BlockSentenceJoiner(multiline);
        int a = 0, n = 0;
        foreach (var (ka, kn) in kept.Append((oldS.Count, newS.Count)))
        {
            var deleted = Enumerable.Range(a, ka - a).ToList();
            var inserted = Enumerable.Range(n, kn - n).ToList();
            (a, n) = (ka + 1, kn + 1);
            if (deleted.Count == 0 && inserted.Count == 0) continue;
            // In a list or quote an added or removed sentence may be an item of its own: only in-place replacements here.
            var touching = pairs.Where(p => p.Source.Any(deleted.Contains)).ToList();
            if (oldBlock.Kind != BlockKind.Paragraph && (deleted.Count == 0 || inserted.Count == 0) || touching.Any(p => p.Source.Any(keptOld.Contains)))
            {
                b.Requests.RemoveRange(before, b.Requests.Count - before); // nothing of this attempt may reach the engine
                return false;
            }
            var covered = touching.SelectMany(p => p.Target).Order().ToList();
            var translation = string.Join(joiner, inserted.Select(i => b.Request(newS[i].Text)));
            if (covered.Count > 0)
            {
                int start = tgtS[covered[0]].Span.Start, end = tgtS[covered[^1]].Span.End;
                if (translation.Length == 0)
                {
                    // Removing sentences: take the whitespace after them too, so no blank gap is left.
                    while (end < target.Text.Length && target.Text[end] is ' ' or '\n' && end < tgtS[^1].Span.End) end++;
                }
                local.Add(new TextEdit(start, end - start, translation));
            }
            else if (inserted.Count > 0)
            {
                // New sentences: after the translation of the English sentence before them, or at the start.
                var previous = pairs.LastOrDefault(p => p.Source.Count > 0 && p.Source.Max() < (deleted.Count > 0 ? deleted[0] : ka) && p.Target.Count > 0);
                if (previous == null) local.Add(new TextEdit(tgtS[0].Span.Start, 0, translation + joiner));
                else local.Add(new TextEdit(tgtS[previous.Target.Max()].Span.End, 0, joiner + translation));
            }
        }
        b.Edits.AddRange(local);
        var requests = b.RequestsSince(before);
        if (requests.Count == 0)
            b.Changes.Add(new(local.Count == 0 ? ChangeKind.Kept : ChangeKind.Patched,
                local.Count == 0 ? "sentences changed cosmetically only; the human sentences stay" : "sentences changed only in protected spans; patched in the translated sentences",
                Lines(newBlock), Lines(target, targets), [], false));
        else
            b.Changes.Add(new(ChangeKind.Retranslated, $"{requests.Count} sentence(s) new or changed; the rest keep their human translation",
                Lines(newBlock), Lines(target, targets), requests, false));
        return true;
    }

    /// <summary>
    /// Within each run of changed sentences, a sentence changed one for one only cosmetically (kept: its human
    /// translation stays) or only inside protected spans (patched into its translated sentence) counts as unchanged.
    /// Returns the matched sentence pairs extended by those; the span patches go to <paramref name="edits"/>.
    /// </summary>
    List<(int A, int B)> CarryBySentence(string targetText, List<(int A, int B)> kept, List<Sentence> oldS, List<Sentence> newS,
        List<Sentence> tgtS, IReadOnlyList<SentencePair> pairs, List<TextEdit> edits)
    {
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
                    if (pair == null || pair.Target.Count == 0 || pair.Source.Count != 1) continue;
                    int start = tgtS[pair.Target.Min()].Span.Start, end = tgtS[pair.Target.Max()].Span.End;
                    var patches = how.Patches.Select(p => (p, At: IndexOfOnce(targetText, p.Old, start, end))).ToList();
                    if (patches.Any(p => p.At < 0)) continue;
                    edits.AddRange(patches.Select(p => new TextEdit(p.At, p.p.Old.Length, p.p.New)));
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
            sb.Append(string.Join(joiner, sentences.Select(r => b.Request(SentenceAligner.Flatten(r.Of(segText))))));
            pos = segment.End;
        }
        sb.Append(text, pos, text.Length - pos);
        var result = sb.ToString();
        return endWithNewline ? Ensure(result) : result.TrimEnd('\n');
    }

    void Insert(Builder b, Block newBlock, MarkdownDocument target, int at, ChangeKind kind, string reason)
    {
        int before = b.Requests.Count;
        var translated = TranslateBlock(b, newBlock, true);
        b.Edits.Add(new TextEdit(at, 0, at == 0 ? translated + "\n" : (at > 0 && target.Text[at - 1] != '\n' ? "\n\n" : "\n") + translated));
        b.Changes.Add(new(kind, reason, Lines(newBlock), null, b.RequestsSince(before), false));
    }

    void Delete(Builder b, Block oldBlock, MarkdownDocument target, IReadOnlyList<int>? targets, ChangeKind kind, string reason)
    {
        if (targets == null)
        {
            b.Changes.Add(new(kind, reason + "; no translation of it was found, nothing removed", Lines(oldBlock), null, [], false));
            return;
        }
        int start = target.Blocks[targets[0]].Offset, end = End(target, targets);
        // Take the blank run after the block too, so that no double blank line is left behind.
        int next = targets[^1] + 1;
        if (next < target.Blocks.Count && target.Blocks[next].Kind == BlockKind.Blank) end += target.Blocks[next].Text.Length;
        b.Edits.Add(new TextEdit(start, end - start, ""));
        b.Changes.Add(new(kind, reason, Lines(oldBlock), Lines(target, targets), [], false));
    }

    /// <summary>Fills the templates with the engine's results (a miss keeps the English, visibly marked) and applies
    /// the edits to the original translation. Overlapping edits are a planning error, never silently merged.</summary>
    public static FileSyncResult Apply(FilePlan plan, IReadOnlyList<TranslationResult> results)
    {
        if (results.Count != plan.Requests.Count) throw new InvalidOperationException($"{plan.TargetPath}: {plan.Requests.Count} segments sent, {results.Count} results");
        // Every segment sent belongs to a reported change, or the characters reported would not be what was sent.
        if (plan.Changes.Sum(c => c.Requests.Count) != plan.Requests.Count || plan.Changes.SelectMany(c => c.Requests).Distinct().Count() != plan.Requests.Count)
            throw new InvalidOperationException($"{plan.TargetPath}: a segment to translate belongs to no reported change");
        string Fill(string template) => System.Text.RegularExpressions.Regex.Replace(template, "\u0002(\\d+)\u0003", m =>
        {
            int i = int.Parse(m.Groups[1].Value);
            return results[i].Text ?? Untranslated + plan.Requests[i];
        });
        var ordered = plan.Edits.Select((e, i) => (e, i)).OrderBy(x => x.e.Start).ThenBy(x => x.i).ToList();
        var sb = new StringBuilder(plan.OriginalTarget.Length + 1024);
        int pos = 0;
        foreach (var (e, _) in ordered)
        {
            if (e.Start < pos) throw new InvalidOperationException($"{plan.TargetPath}: overlapping edits at offset {e.Start}");
            sb.Append(plan.OriginalTarget, pos, e.Start - pos).Append(Fill(e.Template));
            pos = e.Start + e.Length;
        }
        sb.Append(plan.OriginalTarget, pos, plan.OriginalTarget.Length - pos);
        var applied = plan.Changes.Select(c => new AppliedChange(c,
            c.Requests.Sum(r => plan.Requests[r].Length),
            c.Requests.Count(r => results[r].Text != null),
            c.Requests.Where(r => results[r].Text == null).Select(r => plan.Requests[r]).ToList())).ToList();
        return new FileSyncResult(plan.TargetPath, sb.ToString(), applied);
    }
}
