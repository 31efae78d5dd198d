namespace Amts.Bot.Evaluation;

static class CorpusStatistics
{
    /// <summary>Sums per-line sufficient statistics, computing lines in parallel with one scratch state per thread
    /// (a line's statistics depend on that line alone).</summary>
    public static long[] Sum<TScratch>(
        int lines,
        int width,
        Func<TScratch> newScratch,
        Func<int, TScratch, long[]> line
    )
    {
        var perLine = new long[lines][];
        Parallel.For(
            0,
            lines,
            newScratch,
            (i, _, scratch) =>
            {
                perLine[i] = line(i, scratch);
                return scratch;
            },
            _ => { }
        );
        var sum = new long[width];
        foreach (var s in perLine)
            for (int k = 0; k < width; k++)
                sum[k] += s[k];
        return sum;
    }
}
