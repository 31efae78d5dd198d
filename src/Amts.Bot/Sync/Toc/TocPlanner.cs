namespace Amts.Bot.Sync;

/// <summary>One replacement of [Start, Start+Length) of a translation's text by <see cref="Text"/>.</summary>
internal sealed record TocEdit(int Start, int Length, string Text)
{
    public int End => Start + Length;
}

/// <summary>What following the English toc does to a translation's toc: the edits (on the translation's text; every
/// other byte stays), and the entries added, removed and renamed (paths, for the report). <see cref="Unplaced"/>:
/// entries English added that have no neighbour in the translation's tocs to stand next to.</summary>
internal sealed record TocStructurePlan(
    IReadOnlyList<TocEdit> Edits,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<(string From, string To)> Renamed,
    IReadOnlyList<string> Unplaced,
    IReadOnlyList<string> Reordered
)
{
    public bool IsEmpty => Edits.Count == 0 && Unplaced.Count == 0;

    public string Summary =>
        $"toc follows the English structure: {Added.Count} entr(ies) added ({string.Join(", ", Added)}), "
        + $"{Removed.Count} removed ({string.Join(", ", Removed)}), {Renamed.Count} renamed "
        + $"({string.Join(", ", Renamed.Select(r => r.From + " -> " + r.To))}), {Reordered.Count} moved in the toc "
        + $"({string.Join(", ", Reordered)})";

    /// <summary>The translation with the edits applied.</summary>
    public string Apply(string text)
    {
        var result = new System.Text.StringBuilder();
        int at = 0;
        foreach (var edit in Edits.OrderBy(e => e.Start))
        {
            result.Append(text, at, edit.Start - at).Append(edit.Text);
            at = edit.End;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }
}

/// <summary>
/// A translation's tocs follow the structure of the English tocs of the same file, as the English changes over a range:
/// entries are mapped by the file they name (<c>moves</c>: a file carried to a new path, old → new); an entry the
/// English removed goes, an entry naming a moved file names its new path, and an entry the English added stands next
/// to its English neighbour in the translation's toc (after the entry before it, else before the entry after it, else
/// at the end of the toc block of the same rank), with the neighbour's indentation. The translation's own entries
/// (those the English never listed), the entries it left out and every other line stay byte for byte: only the
/// English's changes over the range are carried.
/// </summary>
internal static class TocPlanner
{
    public static TocStructurePlan Plan(
        string englishBefore,
        string englishAfter,
        string translation,
        string path,
        IReadOnlyDictionary<string, string> moves
    )
    {
        string Map(string p) => moves.GetValueOrDefault(p, p);
        var dir = Toc.Folder(path);
        var oldEnglish = Toc.Entries(englishBefore, path).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var newEntries = Toc.Entries(englishAfter, path);
        var newEnglish = newEntries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var listedBefore = oldEnglish.Select(Map).ToHashSet(StringComparer.Ordinal);
        var own = Toc.Entries(translation, path);

        var removed = new List<string>();
        var renamed = new List<(string, string)>();
        var text = new Dictionary<int, string>(); // entry index → its new text ("" removed)
        var present = new Dictionary<string, int>(StringComparer.Ordinal); // mapped path → entry index
        for (int i = 0; i < own.Count; i++)
        {
            var entry = own[i];
            var now = Map(entry.Path);
            bool listed = oldEnglish.Contains(entry.Path) || listedBefore.Contains(now);
            if (listed && !newEnglish.Contains(now) && !newEnglish.Contains(entry.Path))
            {
                text[i] = "";
                removed.Add(entry.Path);
                continue;
            }
            if (now != entry.Path && Toc.EntryFor(dir, now) is var renamedTo && renamedTo != entry.Text)
            {
                text[i] = renamedTo;
                renamed.Add((entry.Path, now));
            }
            present.TryAdd(now, i);
        }

        // Entries whose order the English changed, where the translation followed the English order before, move
        // like added entries: to their new English neighbour.
        var reordered = Reordered(own, present, englishBefore, newEntries, path, Map);
        var moving = new Dictionary<string, (int Index, string Text)>(StringComparer.Ordinal);
        foreach (var i in reordered)
        {
            var now = Map(own[i].Path);
            moving[now] = (i, text.GetValueOrDefault(i) ?? own[i].Text);
            present.Remove(now);
            text[i] = "";
        }

        // Entries the English added over the range (and the reordered ones), each next to its English neighbour.
        var prefix = new Dictionary<int, List<string>>();
        var suffix = new Dictionary<int, List<string>>();
        var added = new List<string>();
        var unplaced = new List<string>();
        foreach (var block in newEntries.GroupBy(e => e.Block))
        {
            int? anchor = null;
            var pending = new List<(string Path, string Text)>();
            foreach (var entry in block)
            {
                if (present.TryGetValue(entry.Path, out var index))
                {
                    if (pending.Count > 0)
                        Add(prefix, index, pending.Select(p => p.Text));
                    pending = [];
                    anchor = index;
                    continue;
                }
                string line;
                if (moving.TryGetValue(entry.Path, out var move))
                    line = move.Text;
                else if (listedBefore.Contains(entry.Path) || oldEnglish.Contains(entry.Path))
                    continue; // listed before too: the translation left it out, and that is its choice
                else
                {
                    added.Add(entry.Path);
                    line = Toc.EntryFor(dir, entry.Path);
                }
                if (anchor is int a)
                    Add(suffix, a, [line]);
                else
                    pending.Add((entry.Path, line));
            }
            if (pending.Count == 0)
                continue;
            var last = Enumerable.Range(0, own.Count).LastOrDefault(i => own[i].Block == block.Key && Kept(i), -1);
            if (last >= 0)
                Add(suffix, last, pending.Select(p => p.Text));
            else
                foreach (var (lost, line) in pending)
                {
                    if (!moving.TryGetValue(lost, out var move))
                    {
                        unplaced.Add(lost);
                        added.Remove(lost);
                    }
                    else if (line == own[move.Index].Text)
                        text.Remove(move.Index); // nowhere else to stand: it stays where it is
                    else
                        text[move.Index] = line;
                }
        }
        bool Kept(int i) => !text.TryGetValue(i, out var t) || t.Length > 0;

        var edits = new List<TocEdit>();
        for (int i = 0; i < own.Count; i++)
        {
            var entry = own[i];
            bool hasText = text.TryGetValue(i, out var replaced);
            if (!hasText && !prefix.ContainsKey(i) && !suffix.ContainsKey(i))
                continue;
            int lineStart = entry.Start == 0 ? 0 : translation.LastIndexOf('\n', entry.Start - 1) + 1;
            int lineEnd = translation.IndexOf('\n', entry.End);
            if (lineEnd < 0)
                lineEnd = translation.Length;
            var indent = translation[lineStart..entry.Start];
            if (replaced is { Length: 0 })
            {
                edits.Add(new TocEdit(lineStart, Math.Min(lineEnd + 1, translation.Length) - lineStart, ""));
                continue;
            }
            var line = new System.Text.StringBuilder();
            foreach (var p in prefix.GetValueOrDefault(i) ?? [])
                line.Append(p).Append('\n').Append(indent);
            line.Append(replaced ?? entry.Text).Append(translation, entry.End, lineEnd - entry.End);
            foreach (var s in suffix.GetValueOrDefault(i) ?? [])
                line.Append('\n').Append(indent).Append(s);
            edits.Add(new TocEdit(entry.Start, lineEnd - entry.Start, line.ToString()));
        }
        var moved = moving.Where(m => text.TryGetValue(m.Value.Index, out var t) && t.Length == 0).Select(m => m.Key);
        return new TocStructurePlan(edits, added, removed, renamed, unplaced, [.. moved]);
    }

    static void Add(Dictionary<int, List<string>> at, int index, IEnumerable<string> lines)
    {
        if (!at.TryGetValue(index, out var list))
            at[index] = list = [];
        list.AddRange(lines);
    }

    /// <summary>The translation's entries (indexes into <paramref name="own"/>) that the English moved within the
    /// toc: among the entries the English lists before and after and the translation keeps, those that stand in the
    /// English's old order in the translation (a longest run in that order) but out of its new order (not in a longest
    /// run of those in the new order). An entry the translation placed itself keeps its place.</summary>
    static List<int> Reordered(
        IReadOnlyList<TocEntry> own,
        Dictionary<string, int> present,
        string englishBefore,
        IReadOnlyList<TocEntry> newEntries,
        string path,
        Func<string, string> map
    )
    {
        var oldRank = Rank(Toc.Entries(englishBefore, path).Select(e => map(e.Path)));
        var newRank = Rank(newEntries.Select(e => e.Path));
        var common = present
            .Where(p => oldRank.ContainsKey(p.Key) && newRank.ContainsKey(p.Key))
            .Select(p => p.Value)
            .Order()
            .ToList();
        var followsOld = Increasing(common, i => oldRank[map(own[i].Path)]);
        var staysNew = Increasing(followsOld, i => newRank[map(own[i].Path)]).ToHashSet();
        return followsOld.Where(i => !staysNew.Contains(i)).ToList();
    }

    static Dictionary<string, int> Rank(IEnumerable<string> paths)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in paths)
            rank.TryAdd(p, rank.Count);
        return rank;
    }

    /// <summary>A longest subsequence of <paramref name="items"/> whose keys increase (the first found).</summary>
    static List<int> Increasing(List<int> items, Func<int, int> key)
    {
        var length = new int[items.Count];
        var previous = new int[items.Count];
        int best = -1;
        for (int i = 0; i < items.Count; i++)
        {
            (length[i], previous[i]) = (1, -1);
            for (int j = 0; j < i; j++)
                if (key(items[j]) < key(items[i]) && length[j] + 1 > length[i])
                    (length[i], previous[i]) = (length[j] + 1, j);
            if (best < 0 || length[i] > length[best])
                best = i;
        }
        var result = new List<int>();
        for (int i = best; i >= 0; i = previous[i])
            result.Add(items[i]);
        result.Reverse();
        return result;
    }
}
