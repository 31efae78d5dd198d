namespace Amts.Bot.Sync;

/// <summary>Where each line of a text starts, computed once: the line of an offset and the offset of a line in
/// O(log n) and O(1) (a change's lines are looked up for every change of a file, and a file may have
/// megabytes).</summary>
sealed class LineStarts
{
    readonly int[] starts;
    readonly int length;

    public LineStarts(string text)
    {
        var list = new List<int> { 0 };
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
            list.Add(i + 1);
        starts = [.. list];
        length = text.Length;
    }

    /// <summary>The offset where 1-based line <paramref name="line"/> starts; -1 past the end (a line after the final
    /// newline does not exist).</summary>
    public int StartOf(int line)
    {
        if (line < 1 || line > starts.Length)
            return -1;
        int pos = starts[line - 1];
        return pos == length && line > 1 ? -1 : pos;
    }

    /// <summary>The 1-based line of <paramref name="offset"/> (one more than the newlines before it).</summary>
    public int LineAt(int offset)
    {
        int limit = Math.Min(offset, length);
        int lo = 0,
            hi = starts.Length; // the number of starts ≤ limit, excluding none: starts[0] = 0 always counts
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= limit)
                lo = mid + 1;
            else
                hi = mid;
        }
        return Math.Max(lo, 1);
    }
}
