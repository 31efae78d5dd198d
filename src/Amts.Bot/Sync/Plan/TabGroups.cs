using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>
/// The tab groups of one file's English edits (d2lbook's <c>:begin_tab:</c> … <c>:end_tab:</c> around
/// framework-specific blocks) and where they are in the translation. Groups do not nest: a group is a begin marker,
/// its content blocks and the first end marker after it, with no other marker between.
/// </summary>
internal sealed class TabGroups
{
    readonly IReadOnlyList<BlockEdit> edits;
    readonly Dictionary<int, IReadOnlyList<int>> located;
    readonly Dictionary<int, int> byOld = [],
        byNew = []; // block index -> index of its edit
    readonly Dictionary<int, int> owner = []; // translation block -> the old English block located there
    readonly HashSet<int> consumed = [];

    public TabGroups(
        IReadOnlyList<BlockEdit> edits,
        MarkdownDocument oldEnglish,
        MarkdownDocument newEnglish,
        MarkdownDocument target,
        Dictionary<int, IReadOnlyList<int>> located
    )
    {
        this.edits = edits;
        this.located = located;
        (Old, New, Target) = (oldEnglish, newEnglish, target);
        for (int i = 0; i < edits.Count; i++)
        {
            if (edits[i].Old is int o)
                byOld[o] = i;
            if (edits[i].New is int n)
                byNew[n] = i;
        }
        foreach (var (o, blocks) in located)
        foreach (var t in blocks)
            owner.TryAdd(t, o);
    }

    /// <summary>
    /// The block diff with each unchanged tab marker paired so that groups stay whole. Marker lines repeat (every
    /// group ends with the same <c>:end_tab:</c>), so the diff may pair an unchanged marker with the one of another
    /// group and leave the group's own marker as a lone addition or removal next to it, e.g. an old group's content
    /// and end removed together with the next group's begin. When the other marker of the new group is paired with
    /// the old group's, and only removed (or only added) blocks lie between the two candidates, the unchanged marker
    /// is paired with its own group's instead: the same diff, with whole groups removed or added around it.
    /// </summary>
    public static IReadOnlyList<BlockEdit> WholeGroups(
        IReadOnlyList<BlockEdit> diff,
        MarkdownDocument oldDoc,
        MarkdownDocument newDoc
    )
    {
        var edits = diff.ToList();
        var byOld = new Dictionary<int, int>();
        var byNew = new Dictionary<int, int>();
        void Index()
        {
            byOld.Clear();
            byNew.Clear();
            for (int i = 0; i < edits.Count; i++)
            {
                if (edits[i].Old is int o)
                    byOld[o] = i;
                if (edits[i].New is int n)
                    byNew[n] = i;
            }
        }
        Index();
        static bool Paired(BlockEdit e) => e.Kind is BlockEditKind.Unchanged or BlockEditKind.Modified;
        bool All(MarkdownDocument doc, Dictionary<int, int> by, int from, int to, BlockEditKind kind) =>
            NonBlank(doc, from, to).All(k => by.TryGetValue(k, out var e) && edits[e].Kind == kind);
        for (int i = 0; i < edits.Count; i++)
        {
            if (
                edits[i] is not { Kind: BlockEditKind.Unchanged, Old: int p, New: int n }
                || !IsMarker(newDoc.Blocks[n])
            )
                continue;
            bool end = newDoc.Blocks[n].Kind == BlockKind.TabEnd;
            // The new group's other marker, paired with an old one: that old group's marker of this kind is one.
            int otherNew = end ? BeginOf(newDoc, n) : EndOf(newDoc, n);
            if (
                otherNew >= 0
                && byNew.TryGetValue(otherNew, out var on)
                && Paired(edits[on])
                && edits[on].Old is int otherOld
            )
            {
                int q = end ? EndOf(oldDoc, otherOld) : BeginOf(oldDoc, otherOld);
                if (
                    q >= 0
                    && q != p
                    && byOld.TryGetValue(q, out var eq)
                    && edits[eq].Kind == BlockEditKind.Deleted
                    && oldDoc.Blocks[q].Text == oldDoc.Blocks[p].Text
                    && All(oldDoc, byOld, Math.Min(p, q) + 1, Math.Max(p, q) - 1, BlockEditKind.Deleted)
                )
                {
                    // The removals keep their places, now for the old blocks from p to q but q, in old order.
                    var between = NonBlank(oldDoc, Math.Min(p, q), Math.Max(p, q));
                    var places = between.Where(k => k != p).Select(k => byOld[k]).Order().ToList();
                    var removed = between.Where(k => k != q).ToList();
                    edits[i] = edits[i] with { Old = q };
                    for (int k = 0; k < places.Count; k++)
                        edits[places[k]] = new BlockEdit(BlockEditKind.Deleted, removed[k], null);
                    Index();
                    continue;
                }
            }
            // The old group's other marker, paired with a new one: that new group's marker of this kind is one.
            int oldOther = end ? BeginOf(oldDoc, p) : EndOf(oldDoc, p);
            if (
                oldOther >= 0
                && byOld.TryGetValue(oldOther, out var oo)
                && Paired(edits[oo])
                && edits[oo].New is int newOther
            )
            {
                int m = end ? EndOf(newDoc, newOther) : BeginOf(newDoc, newOther);
                if (
                    m >= 0
                    && m != n
                    && byNew.TryGetValue(m, out var em)
                    && edits[em].Kind == BlockEditKind.Inserted
                    && newDoc.Blocks[m].Text == newDoc.Blocks[n].Text
                    && All(newDoc, byNew, Math.Min(m, n) + 1, Math.Max(m, n) - 1, BlockEditKind.Inserted)
                )
                {
                    // The additions and the pair keep their places (in new order), now with m paired and n added.
                    var blocks = NonBlank(newDoc, Math.Min(m, n), Math.Max(m, n));
                    var places = blocks.Select(k => byNew[k]).Order().ToList();
                    for (int k = 0; k < places.Count; k++)
                    {
                        edits[places[k]] =
                            blocks[k] == m
                                ? new BlockEdit(BlockEditKind.Unchanged, p, m)
                                : new BlockEdit(BlockEditKind.Inserted, null, blocks[k]);
                    }
                    Index();
                }
            }
        }
        return edits;
    }

    public MarkdownDocument Old { get; }
    public MarkdownDocument New { get; }
    public MarkdownDocument Target { get; }

    /// <summary>Whether edit <paramref name="i"/> was carried as part of a group planned at an earlier edit.</summary>
    public bool Consumed(int i) => consumed.Contains(i);

    /// <summary>A marker edit left for later that, when the planning reaches it, moves the place where the next new
    /// block goes: from <c>From</c> (any place when null) to <c>To</c> (nowhere when null). A group put around blocks
    /// or taken off them has its other marker's text right where the translation of its content ends.</summary>
    readonly Dictionary<int, (int? From, int? To)> moves = [];

    public void MoveAfter(int block, bool old, int? from, int? to) => moves[(old ? byOld : byNew)[block]] = (from, to);

    public bool Moves(int i, out (int? From, int? To) move) => moves.TryGetValue(i, out move);

    /// <summary>Group changes planned before their content, to be confirmed when the planning reaches the edit of the
    /// group's other marker: by then the content's own changes are planned. Edit index → (change, reason to give when
    /// retracted).</summary>
    readonly Dictionary<int, (int Change, string Reason)> pending = [];

    public void ConfirmAt(int block, bool old, int change, string reason) =>
        pending[(old ? byOld : byNew)[block]] = (change, reason);

    public bool Pending(int i, out (int Change, string Reason) confirm) => pending.Remove(i, out confirm);

    public void Consume(IEnumerable<int> blocks, bool old)
    {
        foreach (var k in blocks)
            consumed.Add((old ? byOld : byNew)[k]);
    }

    public static bool IsMarker(Block b) => b.Kind is BlockKind.TabBegin or BlockKind.TabEnd;

    /// <summary>A marker's line as written, without the line break or trailing spaces.</summary>
    public static string Line(Block b) => b.Text.TrimEnd();

    public IReadOnlyList<BlockEdit> Edits => edits;

    /// <summary>The translation's blocks for each old English block located with confidence.</summary>
    public Dictionary<int, IReadOnlyList<int>> Located => located;

    public BlockEdit? EditOfOld(int block) => byOld.TryGetValue(block, out var i) ? edits[i] : null;

    public BlockEdit? EditOfNew(int block) => byNew.TryGetValue(block, out var i) ? edits[i] : null;

    /// <summary>The end marker of the group that <paramref name="begin"/> opens, or -1 when another begin marker
    /// comes first (or none).</summary>
    public static int EndOf(MarkdownDocument doc, int begin)
    {
        for (int k = begin + 1; k < doc.Blocks.Count; k++)
        {
            if (doc.Blocks[k].Kind == BlockKind.TabEnd)
                return k;
            if (doc.Blocks[k].Kind == BlockKind.TabBegin)
                return -1;
        }
        return -1;
    }

    /// <summary>The begin marker of the group that <paramref name="end"/> closes, or -1.</summary>
    public static int BeginOf(MarkdownDocument doc, int end)
    {
        for (int k = end - 1; k >= 0; k--)
        {
            if (doc.Blocks[k].Kind == BlockKind.TabBegin)
                return k;
            if (doc.Blocks[k].Kind == BlockKind.TabEnd)
                return -1;
        }
        return -1;
    }

    /// <summary>The non-blank blocks from <paramref name="first"/> to <paramref name="last"/>, both
    /// included.</summary>
    public static List<int> NonBlank(MarkdownDocument doc, int first, int last) =>
        Enumerable
            .Range(first, Math.Max(0, last - first + 1))
            .Where(k => doc.Blocks[k].Kind != BlockKind.Blank)
            .ToList();

    /// <summary>The text of blocks <paramref name="first"/>..<paramref name="last"/>, as written.</summary>
    public static string Text(MarkdownDocument doc, int first, int last) =>
        string.Concat(Enumerable.Range(first, Math.Max(0, last - first + 1)).Select(k => doc.Blocks[k].Text));

    /// <summary>The nearest non-blank block after (<paramref name="step"/> 1) or before (-1) block
    /// <paramref name="from"/>, or -1.</summary>
    public static int Next(MarkdownDocument doc, int from, int step)
    {
        for (int k = from + step; k >= 0 && k < doc.Blocks.Count; k += step)
            if (doc.Blocks[k].Kind != BlockKind.Blank)
                return k;
        return -1;
    }

    /// <summary>Whether the group of the old English that marker <paramref name="oldMarker"/> belongs to is the same
    /// group in the new English: its begin and its end marker both pair with the new group's begin and end. A group
    /// English split (a marker added inside it) or joined with another (its end marker, or the next begin, removed)
    /// is not.</summary>
    public bool SameGroup(int oldMarker)
    {
        bool begin = Old.Blocks[oldMarker].Kind == BlockKind.TabBegin;
        int ob = begin ? oldMarker : BeginOf(Old, oldMarker),
            oe = begin ? EndOf(Old, oldMarker) : oldMarker;
        if (ob < 0 || oe < 0 || EditOfOld(ob) is not { New: int nb } || EditOfOld(oe) is not { New: int ne })
            return false;
        return New.Blocks[nb].Kind == BlockKind.TabBegin && EndOf(New, nb) == ne;
    }

    /// <summary>
    /// The translation's block for old English marker <paramref name="o"/>: where the alignment put it (one block,
    /// a marker of the same kind), or the marker of that kind right next to the located translation of the content
    /// block next to it in its group (after a begin, before an end). Null when neither, when the two disagree, or
    /// when the block found is the located translation of another English block.
    /// </summary>
    public int? MarkerInTarget(int o)
    {
        var kind = Old.Blocks[o].Kind;
        int? aligned =
            located.TryGetValue(o, out var t) && t.Count == 1 && Target.Blocks[t[0]].Kind == kind ? t[0] : null;
        int? adjacent = null;
        int step = kind == BlockKind.TabBegin ? 1 : -1;
        int content = Next(Old, o, step);
        if (content >= 0 && !IsMarker(Old.Blocks[content]) && located.TryGetValue(content, out var ct))
        {
            int m = Next(Target, step == 1 ? ct[0] : ct[^1], -step);
            if (m >= 0 && Target.Blocks[m].Kind == kind)
                adjacent = m;
        }
        if (aligned != null && adjacent != null && aligned != adjacent)
            return null;
        var found = aligned ?? adjacent;
        if (found is int f && owner.TryGetValue(f, out var other) && other != o)
            return null;
        return found;
    }

    /// <summary>The begin marker of the translation's group that holds offset <paramref name="offset"/> (between
    /// its begin and end marker), or -1 when the offset is outside every group.</summary>
    public int GroupAround(int offset)
    {
        int open = -1;
        for (int k = 0; k < Target.Blocks.Count && Target.Blocks[k].Offset < offset; k++)
        {
            var block = Target.Blocks[k];
            if (block.Kind == BlockKind.TabBegin && block.Offset + block.Text.Length <= offset)
                open = k;
            else if (block.Kind == BlockKind.TabEnd)
                open = -1;
        }
        return open;
    }
}
