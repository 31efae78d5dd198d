namespace Amts.Bot.Alignment;

/// <summary>
/// The evidence of a candidate match between one or two units a side (blocks or sentences, at most one side with
/// two), computed from each unit's own bags without building the combined ones: the aligners' dynamic programs ask
/// this for nearly every pair of a file, so it allocates nothing. The figures are those of the combined bags
/// exactly (<see cref="BlockAligner.AnchorOverlap"/> over the summed anchors; the translation's distinct Latin words,
/// case ignored, found in the source's).
/// </summary>
internal static class Bags
{
    /// <summary>The number of anchors in a bag, repeats counted.</summary>
    public static int Total(Dictionary<string, int> bag)
    {
        int n = 0;
        foreach (var (_, v) in bag)
            n += v;
        return n;
    }

    /// <summary>Dice over the multisets a1 + a2 and b1 + b2 (<paramref name="na"/>, <paramref name="nb"/> their
    /// totals); <paramref name="neutral"/> where neither side has any anchor.</summary>
    public static double Overlap(
        Dictionary<string, int> a1,
        Dictionary<string, int>? a2,
        int na,
        Dictionary<string, int> b1,
        Dictionary<string, int>? b2,
        int nb,
        double neutral
    )
    {
        if (na + nb == 0)
            return neutral;
        int common = 0;
        if (a2 == null)
            foreach (var (k, v) in a1)
            {
                int w = b1.GetValueOrDefault(k) + (b2?.GetValueOrDefault(k) ?? 0);
                common += Math.Min(v, w);
            }
        else
        {
            foreach (var (k, v) in a1)
                common += Math.Min(v + a2.GetValueOrDefault(k), b1.GetValueOrDefault(k));
            foreach (var (k, v) in a2)
                if (!a1.ContainsKey(k))
                    common += Math.Min(v, b1.GetValueOrDefault(k));
        }
        return 2.0 * common / (na + nb);
    }

    /// <summary>The distinct words of t1 ∪ t2 and how many of them s1 ∪ s2 holds (the sets compare as they were made:
    /// case ignored).</summary>
    public static (int Found, int Distinct) Latin(
        HashSet<string> s1,
        HashSet<string>? s2,
        HashSet<string> t1,
        HashSet<string>? t2
    )
    {
        int distinct = t1.Count,
            found = 0;
        foreach (var w in t1)
            if (s1.Contains(w) || s2?.Contains(w) == true)
                found++;
        if (t2 != null)
            foreach (var w in t2)
                if (!t1.Contains(w))
                {
                    distinct++;
                    if (s1.Contains(w) || s2?.Contains(w) == true)
                        found++;
                }
        return (found, distinct);
    }
}
