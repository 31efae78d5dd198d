using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

internal enum BlockEditKind
{
    Unchanged,
    Modified,
    Inserted,
    Deleted,
    Moved,
}

/// <summary>One step from the old English to the new: indices into the old and new documents' blocks.</summary>
internal sealed record BlockEdit(BlockEditKind Kind, int? Old, int? New);

/// <summary>
/// The block-level diff of two versions of an English file: a longest common subsequence of identical blocks,
/// then, between two unchanged blocks, deleted and inserted blocks of the same kind paired in order as
/// modifications; an inserted block identical to a deleted one elsewhere is a move, and so is a prose block that
/// differs from a deleted one elsewhere only in numbers (<see cref="NumberPatch"/>). Blank runs are layout and
/// are not diffed.
/// </summary>
internal static class BlockDiff
{
    public static IReadOnlyList<BlockEdit> Diff(MarkdownDocument oldDoc, MarkdownDocument newDoc)
    {
        var a = Content(oldDoc);
        var b = Content(newDoc);
        var lcs = Lcs(a.Select(i => oldDoc.Blocks[i].Text).ToList(), b.Select(j => newDoc.Blocks[j].Text).ToList());
        var edits = new List<BlockEdit>();
        int ai = 0,
            bi = 0;
        foreach (var (ma, mb) in lcs.Append((a.Count, b.Count)))
        {
            var deleted = a.GetRange(ai, ma - ai);
            var inserted = b.GetRange(bi, mb - bi);
            PairGap(oldDoc, newDoc, deleted, inserted, edits);
            if (ma < a.Count)
                edits.Add(new BlockEdit(BlockEditKind.Unchanged, a[ma], b[mb]));
            ai = ma + 1;
            bi = mb + 1;
        }
        // A block deleted in one place and inserted unchanged in another has moved: first decide the pairs, then
        // emit each move where the block now stands and drop its deletion.
        var deletedByText = edits
            .Where(e => e.Kind == BlockEditKind.Deleted)
            .GroupBy(e => oldDoc.Blocks[e.Old!.Value].Text)
            .ToDictionary(g => g.Key, g => new Queue<int>(g.Select(e => e.Old!.Value)));
        var movedFrom = new Dictionary<int, int>(); // new index -> old index
        foreach (var e in edits.Where(e => e.Kind == BlockEditKind.Inserted))
            if (deletedByText.TryGetValue(newDoc.Blocks[e.New!.Value].Text, out var q) && q.Count > 0)
                movedFrom[e.New.Value] = q.Dequeue();
        // A prose block that moved with only numbers or versions changed in it (cu100 → cu101) has moved too: its
        // translation moves, the numbers patched (FilePlanner), rather than the human text deleted and the English
        // inserted. Paired by the text's shape first, so that this stays linear in the blocks.
        var taken = movedFrom.Values.ToHashSet();
        var deletedByShape = edits
            .Where(e =>
                e.Kind == BlockEditKind.Deleted && !taken.Contains(e.Old!.Value) && oldDoc.Blocks[e.Old.Value].IsProse
            )
            .GroupBy(e => NumberPatch.Shape(oldDoc.Blocks[e.Old!.Value].Text))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Old!.Value).ToList());
        var insertedProse = edits.Where(e =>
            e.Kind == BlockEditKind.Inserted
            && !movedFrom.ContainsKey(e.New!.Value)
            && newDoc.Blocks[e.New.Value].IsProse
        );
        foreach (var e in deletedByShape.Count > 0 ? insertedProse : [])
        {
            var block = newDoc.Blocks[e.New!.Value];
            if (!deletedByShape.TryGetValue(NumberPatch.Shape(block.Text), out var candidates))
                continue;
            int from = candidates.FindIndex(o =>
                oldDoc.Blocks[o].Kind == block.Kind && NumberPatch.Changes(oldDoc.Blocks[o].Text, block.Text) != null
            );
            if (from < 0)
                continue;
            movedFrom[e.New.Value] = candidates[from];
            candidates.RemoveAt(from);
        }
        var movedOld = movedFrom.Values.ToHashSet();
        edits = edits
            .Where(e => !(e.Kind == BlockEditKind.Deleted && movedOld.Contains(e.Old!.Value)))
            .Select(e =>
                e.Kind == BlockEditKind.Inserted && movedFrom.TryGetValue(e.New!.Value, out var from)
                    ? new BlockEdit(BlockEditKind.Moved, from, e.New)
                    : e
            )
            .ToList();
        return edits;
    }

    static List<int> Content(MarkdownDocument doc) =>
        doc.Blocks.Select((blk, i) => (blk, i)).Where(x => x.blk.Kind != BlockKind.Blank).Select(x => x.i).ToList();

    static void PairGap(
        MarkdownDocument oldDoc,
        MarkdownDocument newDoc,
        List<int> deleted,
        List<int> inserted,
        List<BlockEdit> edits
    )
    {
        int d = 0,
            n = 0;
        while (d < deleted.Count || n < inserted.Count)
        {
            if (
                d < deleted.Count
                && n < inserted.Count
                && oldDoc.Blocks[deleted[d]].Kind == newDoc.Blocks[inserted[n]].Kind
            )
                edits.Add(new BlockEdit(BlockEditKind.Modified, deleted[d++], inserted[n++]));
            else if (
                d < deleted.Count
                && (
                    n >= inserted.Count
                    || !inserted.Skip(n).Any(j => newDoc.Blocks[j].Kind == oldDoc.Blocks[deleted[d]].Kind)
                )
            )
                edits.Add(new BlockEdit(BlockEditKind.Deleted, deleted[d++], null));
            else
                edits.Add(new BlockEdit(BlockEditKind.Inserted, null, inserted[n++]));
        }
    }

    /// <summary>Index pairs of a longest common subsequence (dynamic programming; files have hundreds of
    /// blocks).</summary>
    public static List<(int A, int B)> Lcs<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
        where T : notnull
    {
        int n = a.Count,
            m = b.Count;
        var len = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
        for (int j = m - 1; j >= 0; j--)
            len[i, j] = a[i].Equals(b[j]) ? len[i + 1, j + 1] + 1 : Math.Max(len[i + 1, j], len[i, j + 1]);
        var pairs = new List<(int, int)>();
        for (int i = 0, j = 0; i < n && j < m; )
        {
            if (a[i].Equals(b[j]))
            {
                pairs.Add((i, j));
                i++;
                j++;
            }
            else if (len[i + 1, j] >= len[i, j + 1])
                i++;
            else
                j++;
        }
        return pairs;
    }
}
