namespace Amts.Bot.Evaluation;

/// <summary>A figure's bootstrap estimate: the mean over the resamples and the half-width of the 95 %
/// interval.</summary>
internal sealed record Interval(double Mean, double HalfWidth);

/// <summary>
/// Bootstrap resampling as sacreBLEU 2.x does it for <c>--paired-bs</c> (significance.py): 1000 resamples of the
/// segments with replacement, the same resampled indices for every system of a row (paired), each resample's
/// corpus score recomputed from the summed segment statistics; the interval is sacreBLEU's <c>estimate_ci</c>:
/// sort the scores, take the ones 1/40 in from each end, half their distance, beside the mean of all resamples.
/// The seed is sacreBLEU's default (12345), but the generator is .NET's seeded <see cref="Random"/>, not numpy's
/// PCG64: the intervals are computed the same way, not bit-identical to sacreBLEU's.
/// </summary>
internal sealed class Bootstrap
{
    /// <summary>sacreBLEU's default number of resamples for the paired bootstrap test.</summary>
    public const int Resamples = 1000;

    /// <summary>sacreBLEU's default seed (SACREBLEU_SEED).</summary>
    public const int Seed = 12345;

    readonly int[][] indices;

    public Bootstrap(int segments, int resamples = Resamples, int seed = Seed)
    {
        var rng = new Random(seed);
        indices = new int[segments == 0 ? 0 : resamples][];
        for (int r = 0; r < indices.Length; r++)
        {
            indices[r] = new int[segments];
            for (int i = 0; i < segments; i++)
                indices[r][i] = rng.Next(segments);
        }
    }

    /// <summary>The interval of a corpus metric given each segment's statistics and how a score comes from their
    /// sum.</summary>
    public Interval Estimate(IReadOnlyList<long[]> segmentStats, Func<long[], double> score)
    {
        if (indices.Length == 0 || segmentStats.Count == 0)
            return new Interval(double.NaN, double.NaN);
        int width = segmentStats[0].Length;
        var scores = new double[indices.Length];
        var sum = new long[width];
        for (int r = 0; r < indices.Length; r++)
        {
            Array.Clear(sum);
            foreach (var i in indices[r])
            {
                var s = segmentStats[i];
                for (int k = 0; k < width; k++)
                    sum[k] += s[k];
            }
            scores[r] = score(sum);
        }
        return Estimate(scores);
    }

    /// <summary>sacreBLEU's <c>estimate_ci</c>.</summary>
    public static Interval Estimate(double[] scores)
    {
        var sorted = scores.Order().ToArray();
        int n = sorted.Length;
        int lower = n / 40,
            upper = n - lower - 1;
        return new Interval(sorted.Average(), 0.5 * (sorted[upper] - sorted[lower]));
    }
}
