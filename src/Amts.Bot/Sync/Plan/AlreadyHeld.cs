using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>Where the translation already has a block English adds: <see cref="InPlace"/> when the one copy
/// found lies among the translation's blocks that no English block was located at, next to where the block would
/// go.</summary>
internal sealed record HeldBlock(IReadOnlyList<int> Blocks, bool InPlace, string Reason);

/// <summary>
/// A translation can be ahead of its <c>_origin.md</c>: d2l-zh has cells its English record adds only later, so the
/// diff against that record "adds" blocks the file already holds. Before a block is inserted it is looked for in
/// the translation, by what a translation keeps verbatim: a code cell by its code lines (comments aside: they are
/// translated) and its <c>#@tab</c>; display math by its text; a prose block by its protected spans (math, code,
/// roles, links), when it has at least <see cref="MinSpans"/>. Only blocks no English block was located at count:
/// a block that is the translation of another English block is not this one's. One per planned file: what each of
/// the translation's blocks keeps verbatim is worked out once.
/// </summary>
internal sealed class AlreadyHeld(MarkdownDocument target)
{
    readonly string?[] keys = new string?[target.Blocks.Count];
    readonly bool[] known = new bool[target.Blocks.Count];

    /// <summary>A prose block is recognised by its protected spans only when it has this many (slide markers aside):
    /// one formula or one reference recurs in many paragraphs of a section.</summary>
    public const int MinSpans = 2;

    /// <summary>
    /// The translation's copy of <paramref name="newBlock"/>, or null when it has none (the block is inserted).
    /// <paramref name="at"/> is where it would be inserted (as <c>FilePlanner.Anchor</c> gives it: after the text
    /// ending there when ≥ 0, before the block starting at -1-at when &lt; 0; null when nowhere). The copies are the
    /// matching blocks outside <paramref name="claimed"/> (the translation's blocks located for English blocks, or
    /// found earlier); the one copy within the run of unclaimed blocks around <paramref name="at"/> is in place.
    /// </summary>
    public HeldBlock? Find(Block newBlock, int? at, IReadOnlySet<int> claimed)
    {
        if (target.Blocks.Count == 0 || Key(newBlock) is not { } key)
            return null;
        var hits = Enumerable
            .Range(0, target.Blocks.Count)
            .Where(t => !claimed.Contains(t) && target.Blocks[t].Kind == newBlock.Kind && KeyOf(t) == key)
            .ToList();
        if (hits.Count == 0)
            return null;
        var what = What(newBlock);
        if (at is int anchor && hits.Where(Run(anchor, claimed).Contains).ToList() is [var here])
        {
            var line = target.Blocks[here].Line;
            return new(
                [here],
                true,
                $"block added in English: the translation has it already ({what}, line {line}); not inserted again"
            );
        }
        var lines = string.Join(", ", hits.Select(t => target.Blocks[t].Line));
        var why =
            at == null ? "the translation of neither neighbour could be located with confidence"
            : hits.Count > 1 ? "more than one copy"
            : "not next to where it would go";
        return new(
            hits,
            false,
            "block added in English, but the translation seems to have it already "
                + $"({what}, line(s) {lines}; {why}): not inserted; "
                + "check where it belongs and move or add it by hand"
        );
    }

    string? KeyOf(int t)
    {
        if (!known[t])
            (keys[t], known[t]) = (Key(target.Blocks[t]), true);
        return keys[t];
    }

    static string What(Block block) =>
        block.Kind switch
        {
            BlockKind.Code => "a code cell with the same code, comments aside, and #@tab",
            BlockKind.DisplayMath => "the same display math",
            _ => "a block with the same formulas, code and links",
        };

    /// <summary>What a translation keeps of a block verbatim, or null when that is too little to recognise it
    /// by.</summary>
    static string? Key(Block block)
    {
        switch (block.Kind)
        {
            case BlockKind.Code:
            {
                // Without the fence lines: the info string (d2lbook's cell numbers) is no part of the code.
                var lines = block.Text.TrimEnd('\n').Split('\n').Skip(1).SkipLast(block.Code?.Closed == true ? 1 : 0);
                var code = lines.Select(l => BlockFeatures.StripComment(l).Trim()).Where(l => l.Length > 0).ToList();
                if (code.Count == 0)
                    return null;
                return string.Join(",", block.Code?.Tabs ?? []) + "\u0001" + string.Join("\n", code);
            }
            case BlockKind.DisplayMath:
                return block.Text.Trim();
            default:
                if (!block.IsProse)
                    return null;
                var spans = ProtectedSpans
                    .Find(block.Text)
                    .Where(s => s.Kind is not (ProtectedKind.SlideMarker or ProtectedKind.Entity or ProtectedKind.Html))
                    .Select(s => s.Text(block.Text))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                return spans.Count >= MinSpans ? string.Join("\u0001", spans) : null;
        }
    }

    /// <summary>The translation's blocks around the insertion point that no English block was located at: from the
    /// last claimed block before it to the first claimed block after it.</summary>
    HashSet<int> Run(int at, IReadOnlySet<int> claimed)
    {
        int pos = at >= 0 ? at : -1 - at;
        int first = target.Blocks.Count;
        for (int k = 0; k < target.Blocks.Count; k++)
            if (target.Blocks[k].Offset >= pos)
            {
                first = k;
                break;
            }
        var run = new HashSet<int>();
        for (int k = first - 1; k >= 0 && !claimed.Contains(k); k--)
            run.Add(k);
        for (int k = first; k < target.Blocks.Count && !claimed.Contains(k); k++)
            run.Add(k);
        return run;
    }
}
