using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>Where each change of <see cref="FilePlanner"/> is in the translation: by the alignment, else located again
/// by its neighbours.</summary>
internal sealed partial class FilePlanner
{
    /// <summary>The translation's blocks for each old English block located with confidence: the block alignment,
    /// plus blocks that are the bot's own marked English for exactly that block (an untranslated block from an earlier
    /// sync).</summary>
    Dictionary<int, IReadOnlyList<int>> LocateAll(
        FileAlignment alignment,
        MarkdownDocument oldEnglish,
        MarkdownDocument target
    )
    {
        // The bot's own marked English is certain evidence: it is exactly the old English block, sentence for sentence.
        var exact = new Dictionary<int, int>();
        if (target.Text.Contains(Untranslated))
        {
            var marked = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int t = 0; t < target.Blocks.Count; t++)
                if (AllMarked(target.Blocks[t]))
                    marked.TryAdd(
                        string.Join(" ", SentenceAligner.TextsOf([target.Blocks[t]], targetLanguage).Select(Unmarked)),
                        t
                    );
            var claimed = new HashSet<int>();
            for (int o = 0; o < oldEnglish.Blocks.Count; o++)
            {
                if (!oldEnglish.Blocks[o].IsProse)
                    continue;
                var key = string.Join(" ", SentenceAligner.TextsOf([oldEnglish.Blocks[o]], "en"));
                if (marked.TryGetValue(key, out var t) && claimed.Add(t))
                    exact[o] = t;
            }
        }
        var taken = exact.Values.ToHashSet();
        var result = exact.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)[kv.Value]);
        foreach (var pair in alignment.Blocks)
            if (
                pair.Target.Count > 0
                && pair.Confidence >= BookAligner.LowConfidence
                && !pair.Target.Any(taken.Contains)
            )
                foreach (var s in pair.Source)
                    result.TryAdd(s, pair.Target);
        return result;
    }

    /// <summary>Share of a code cell's code lines (comments aside) that must match for a cell to be taken as the
    /// translation of an English cell the aligner left unlocated, when it is the only such cell of the same framework
    /// between the located neighbours. 0.7: d2l-zh's cells differ from their _origin.md in translated docstrings and
    /// fixes made later (seq2seq.md's bleu: 11 of 15 lines), a different cell of the same section shares far
    /// less.</summary>
    const double MinSameCode = 0.7;

    /// <summary>An aligner pair below <see cref="BookAligner.LowConfidence"/> still locates a block when it is 1–1, of
    /// the same kind, and lies between the translations of the located neighbours: the window makes up for the weaker
    /// score. 0.2: below it the aligner's pairs on the replay are mostly English-only blocks matched to nothing
    /// alike.</summary>
    const double MinWindowedConfidence = 0.2;

    /// <summary>
    /// A changed English block the alignment did not locate with confidence, located by verbatim evidence between its
    /// located neighbours (the translation's blocks after the previous located English block and before the next): the
    /// only block there with every changed protected span (math, code, URL) exactly once; a code cell of the same
    /// framework with the same code; or the only unlocated block of its kind there when the English too has only this
    /// one unlocated block between them. Null when none of these holds.
    /// </summary>
    IReadOnlyList<int>? Relocate(
        int o,
        MarkdownDocument oldEnglish,
        Block newBlock,
        MarkdownDocument target,
        Dictionary<int, IReadOnlyList<int>> located,
        FileAlignment alignment,
        Builder b
    )
    {
        var oldBlock = oldEnglish.Blocks[o];
        int prev = located.Where(kv => kv.Key < o).Select(kv => kv.Value[^1]).DefaultIfEmpty(-1).Max();
        int next = located.Where(kv => kv.Key > o).Select(kv => kv.Value[0]).DefaultIfEmpty(target.Blocks.Count).Min();
        if (prev >= next)
            return null;
        var taken = located.Values.SelectMany(t => t).ToHashSet();
        var window = Enumerable
            .Range(prev + 1, Math.Max(0, next - prev - 1))
            .Where(t => target.Blocks[t].Kind != BlockKind.Blank && !taken.Contains(t))
            .ToList();
        IReadOnlyList<int>? found = null;
        var how = ChangeClassifier.Classify(oldBlock, newBlock, rules);
        // (A number is no evidence of place.)
        if (how.Kind == ChangeKind.Patched && how.Patches.Count > 0 && !how.Patches.Any(p => p.Token))
        {
            var hits = window
                .Where(t =>
                    target.Blocks[t].Kind == oldBlock.Kind && how.Patches.All(p => Once(target.Blocks[t].Text, p.Old))
                )
                .ToList();
            if (hits.Count == 1 && how.Patches.All(p => Once(target.Text, p.Old)))
                found = hits;
        }
        if (found == null && oldBlock.Kind == BlockKind.Code)
        {
            var code = CodeLines(oldBlock.Text);
            var hits = window
                .Where(t =>
                    target.Blocks[t].Kind == BlockKind.Code
                    && (target.Blocks[t].Code?.Tabs ?? []).SequenceEqual(oldBlock.Code?.Tabs ?? [])
                )
                .Where(t => SameCode(code, CodeLines(target.Blocks[t].Text)))
                .ToList();
            if (hits.Count == 1)
                found = hits;
            else if (
                hits.Count > 1
                && hits.Where(t => CodeLines(target.Blocks[t].Text).SequenceEqual(code)).ToList() is [var same]
            )
                found = [same];
        }
        if (
            found == null
            && alignment.Blocks.FirstOrDefault(p => p.Source.Contains(o)) is { } weak
            && weak.Source.Count == 1
            && weak.Target.Count == 1
            && weak.Confidence >= MinWindowedConfidence
            && window.Contains(weak.Target[0])
            && target.Blocks[weak.Target[0]].Kind == oldBlock.Kind
            && (target.Blocks[weak.Target[0]].Code?.Tabs ?? []).SequenceEqual(oldBlock.Code?.Tabs ?? [])
        )
            found = weak.Target;
        if (found == null)
        {
            int oPrev = located.Keys.Where(k => k < o).DefaultIfEmpty(-1).Max(),
                oNext = located.Keys.Where(k => k > o).DefaultIfEmpty(oldEnglish.Blocks.Count).Min();
            var englishBetween = Enumerable
                .Range(oPrev + 1, Math.Max(0, oNext - oPrev - 1))
                .Where(k => oldEnglish.Blocks[k].Kind != BlockKind.Blank)
                .ToList();
            if (englishBetween.Count == 1 && window.Count == 1 && target.Blocks[window[0]].Kind == oldBlock.Kind)
                found = window;
        }
        if (found != null)
            b.Relocated.Add(Span(target, found));
        return found;
    }
}
