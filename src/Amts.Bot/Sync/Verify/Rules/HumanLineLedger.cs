namespace Amts.Bot.Sync;

/// <summary>
/// The ledger of human lines: every non-blank line of the translation before the sync is still in the written file, in
/// order, unless a change of the report whose English changed or went away (patched, code merged, translated anew,
/// deleted, moved) names it among its lines. The sync's promise itself ("untouched text stays byte for byte"); it reads
/// the texts and the report, not the edits, so an edit that strays outside its change is caught.
/// </summary>
internal sealed class HumanLineLedger : IOutputRule
{
    public string Name => "human lines";
    public string Protects => "the translator's text: only lines an English change replaced or removed may go";

    static bool Accounts(ChangeKind kind) =>
        kind
            is ChangeKind.Patched
                or ChangeKind.CodeMerged
                or ChangeKind.Retranslated
                or ChangeKind.Deleted
                or ChangeKind.Moved;

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var before = VerifiedText.Lines(file.File.Before);
        var accounted = new bool[before.Length + 2];
        foreach (var c in file.File.Changes)
            if (Accounts(c.Change.Kind) && c.Change.Target is { } t)
                for (int l = Math.Max(1, t.First); l <= Math.Min(before.Length, t.Last); l++)
                    accounted[l] = true;
        // Where each line stands in the written file, to find the next occurrence at or after a position.
        var after = VerifiedText.Lines(file.File.After);
        var at = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < after.Length; i++)
        {
            if (!at.TryGetValue(after[i], out var list))
                at[after[i]] = list = [];
            list.Add(i);
        }
        int pos = 0,
            missing = 0,
            first = 0;
        for (int l = 1; l <= before.Length; l++)
        {
            var line = before[l - 1];
            if (accounted[l] || line.Trim().Length == 0)
                continue;
            int next = Next(at, line, pos);
            if (next < 0)
            {
                missing++;
                if (first == 0)
                    first = l;
                continue;
            }
            pos = next + 1;
        }
        if (missing > 0)
            yield return new(
                Name,
                first,
                $"{missing} line(s) of the translation would be removed or changed that no English change "
                    + $"accounts for, from line {first} (\"{Excerpt(before[first - 1])}\")"
            );
    }

    static int Next(Dictionary<string, List<int>> at, string line, int from)
    {
        if (!at.TryGetValue(line, out var list))
            return -1;
        int i = list.BinarySearch(from);
        if (i < 0)
            i = ~i;
        return i < list.Count ? list[i] : -1;
    }

    internal static string Excerpt(string line)
    {
        var t = line.Trim();
        return t.Length > 60 ? t[..57] + "..." : t;
    }
}
