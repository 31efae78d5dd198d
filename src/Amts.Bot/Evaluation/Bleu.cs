namespace Amts.Bot.Evaluation;

internal sealed record BleuOptions
{
    public string Tokenize { get; init; } = "13a";

    /// <summary>exp (default), floor, add-k or none.</summary>
    public string SmoothMethod { get; init; } = "exp";

    /// <summary>For floor (default 0.1) and add-k (default 1); null takes the default.</summary>
    public double? SmoothValue { get; init; }
    public bool EffectiveOrder { get; init; }
    public bool Lowercase { get; init; }
    public int MaxNgramOrder { get; init; } = 4;
}

internal sealed record BleuScore(
    double Score,
    IReadOnlyList<double> Counts,
    IReadOnlyList<double> Totals,
    IReadOnlyList<double> Precisions,
    double Bp,
    long SysLen,
    long RefLen,
    IReadOnlyList<long> RawCounts,
    IReadOnlyList<long> RawTotals,
    string Signature,
    string ShortSignature
)
{
    public string Name => "BLEU";
    public double Ratio => RefLen != 0 ? (double)SysLen / RefLen : 0;

    /// <summary>sacreBLEU's verbose part: <c>96.7/86.5/80.3/74.7 (BP = 0.971 ratio = 0.971 hyp_len = 334 ref_len =
    /// 344)</c>.</summary>
    public string Verbose =>
        $"{string.Join("/", Precisions.Select(p => PyFormat.Fixed(p, 1)))} (BP = {PyFormat.Fixed(Bp, 3)} ratio = "
        + $"{PyFormat.Fixed(Ratio, 3)} hyp_len = {SysLen} ref_len = {RefLen})";

    public string Format(int width = 2, bool shortSignature = false) =>
        $"BLEU|{(shortSignature ? ShortSignature : Signature)} = {PyFormat.Fixed(Score, width)} {Verbose}";
}

/// <summary>
/// BLEU exactly as sacreBLEU 2.x computes it (tokenizers, clipping against the maximum count in any one
/// reference, closest reference length with ties to the shorter, the four smoothing methods, effective order).
/// </summary>
internal sealed class Bleu
{
    public const string Version = "2.6.0";
    static readonly Dictionary<string, double?> SmoothDefaults = new()
    {
        ["none"] = null,
        ["floor"] = 0.1,
        ["add-k"] = 1,
        ["exp"] = null,
    };

    readonly BleuOptions options;
    readonly IBleuTokenizer tokenizer;
    readonly int order;

    public Bleu(BleuOptions? options = null)
    {
        this.options = options ?? new BleuOptions();
        if (!SmoothDefaults.ContainsKey(this.options.SmoothMethod))
            throw new ArgumentException(
                $"unknown smoothing method '{this.options.SmoothMethod}' (choose one of exp, floor, add-k, none)"
            );
        if (this.options.MaxNgramOrder is < 1 or > 4)
            throw new ArgumentException("max n-gram order must be 1 to 4");
        tokenizer = BleuTokenizers.Get(this.options.Tokenize);
        order = this.options.MaxNgramOrder;
    }

    public string Preprocess(string line) =>
        tokenizer.Tokenize(PyText.RStrip(options.Lowercase ? PyText.Lower(line) : line));

    /// <summary>Corpus BLEU. <paramref name="references"/> holds one stream per reference, each as long as the
    /// hypotheses.</summary>
    public BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        CheckLengths(hypotheses.Count, references);
        var sum = CorpusStatistics.Sum(
            hypotheses.Count,
            2 + 2 * order,
            () => new Scratch(),
            (i, scratch) => SegmentStatistics(hypotheses[i], references.Select(r => r[i]).ToList(), scratch)
        );
        return FromStatistics(sum, references.Count);
    }

    /// <summary>A segment's sufficient statistics (what <see cref="FromStatistics"/> sums): for bootstrap
    /// resampling.</summary>
    public long[] SegmentStats(string hypothesis, IReadOnlyList<string> references) =>
        SegmentStatistics(hypothesis, references, new Scratch());

    public BleuScore Sentence(string hypothesis, IReadOnlyList<string> references) =>
        FromStatistics(SegmentStatistics(hypothesis, references, new Scratch()), references.Count);

    internal static void CheckLengths(int hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        if (references.Count == 0)
            throw new ArgumentException("at least one reference stream is needed");
        for (int r = 0; r < references.Count; r++)
            if (references[r].Count != hypotheses)
                throw new ArgumentException(
                    $"the hypothesis stream has {hypotheses} lines but reference stream {r + 1} has "
                        + $"{references[r].Count}: they must be aligned line by line"
                );
    }

    sealed class Scratch
    {
        public readonly Dictionary<string, int> Vocabulary = new();
        public readonly NgramTable Hyp = new();
        public readonly NgramTable Ref = new();
        public readonly NgramTable RefMax = new();
        public readonly List<int> Ids = new();
    }

    /// <summary>[hyp_len, ref_len, correct_1..N, total_1..N] for one segment. Token ids are local to the segment:
    /// only equality within one line matters, which keeps lines independent (and parallel).</summary>
    long[] SegmentStatistics(string hypothesis, IReadOnlyList<string> references, Scratch s)
    {
        s.Vocabulary.Clear();
        s.RefMax.Reset(0);
        var refLens = new List<int>(references.Count);
        foreach (var reference in references)
        {
            TokenIds(Preprocess(reference), s);
            refLens.Add(s.Ids.Count);
            Count(s.Ids, s.Ref);
            for (int k = 0; k < s.Ref.Distinct; k++)
                s.RefMax.Max(s.Ref.KeyAt(k), s.Ref.CountAt(k));
        }
        TokenIds(Preprocess(hypothesis), s);
        int hypLen = s.Ids.Count;
        Count(s.Ids, s.Hyp);
        var stats = new long[2 + 2 * order];
        stats[0] = hypLen;
        stats[1] = ClosestRefLen(hypLen, refLens);
        for (int k = 0; k < s.Hyp.Distinct; k++)
        {
            var key = s.Hyp.KeyAt(k);
            int count = s.Hyp.CountAt(k);
            int n = OrderOf(key);
            stats[2 + order + n - 1] += count;
            int refCount = s.RefMax.Get(key);
            if (refCount > 0)
                stats[2 + n - 1] += Math.Min(count, refCount);
        }
        return stats;
    }

    /// <summary>The ids of <c>tokenized.split()</c>, looked up by span so that no token string is allocated.</summary>
    static void TokenIds(string tokenized, Scratch s)
    {
        s.Ids.Clear();
        var lookup = s.Vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = tokenized.AsSpan();
        int i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && PyText.IsSpace(span[i]))
                i++;
            int start = i;
            while (i < span.Length && !PyText.IsSpace(span[i]))
                i++;
            if (i == start)
                break;
            var word = span[start..i];
            if (!lookup.TryGetValue(word, out var id))
                lookup[word] = id = s.Vocabulary.Count + 1;
            s.Ids.Add(id);
        }
    }

    // An n-gram of token ids (each ≥ 1) packed in 32-bit lanes; unused lanes are 0, so the order is recoverable.
    void Count(List<int> ids, NgramTable counts)
    {
        counts.Reset(ids.Count * order);
        for (int i = 0; i < ids.Count; i++)
        {
            UInt128 key = 0;
            for (int n = 1; n <= order && i + n <= ids.Count; n++)
            {
                key |= (UInt128)(uint)ids[i + n - 1] << (32 * (n - 1));
                counts.Add(key);
            }
        }
    }

    static int OrderOf(UInt128 key)
    {
        int n = 0;
        while (n < 4 && (uint)(key >> (32 * n)) != 0)
            n++;
        return n;
    }

    static int ClosestRefLen(int hypLen, List<int> refLens)
    {
        int closestDiff = -1,
            closestLen = -1;
        foreach (var refLen in refLens)
        {
            int diff = Math.Abs(hypLen - refLen);
            if (closestDiff == -1 || diff < closestDiff)
            {
                closestDiff = diff;
                closestLen = refLen;
            }
            else if (diff == closestDiff && refLen < closestLen)
                closestLen = refLen;
        }
        return closestLen;
    }

    public BleuScore FromStatistics(IReadOnlyList<long> stats, int referenceCount)
    {
        long sysLen = stats[0],
            refLen = stats[1];
        var rawCounts = stats.Skip(2).Take(order).ToArray();
        var rawTotals = stats.Skip(2 + order).Take(order).ToArray();
        var correct = rawCounts.Select(c => (double)c).ToArray();
        var total = rawTotals.Select(t => (double)t).ToArray();
        double smoothValue = options.SmoothValue ?? SmoothDefaults[options.SmoothMethod] ?? 0;
        double bp = sysLen < refLen ? (sysLen > 0 ? Math.Exp(1 - (double)refLen / sysLen) : 0.0) : 1.0;
        var precisions = new double[order];
        var (signature, shortSignature) = Signatures(referenceCount);
        if (rawCounts.All(c => c == 0))
            return new BleuScore(
                0.0,
                correct,
                total,
                precisions,
                bp,
                sysLen,
                refLen,
                rawCounts,
                rawTotals,
                signature,
                shortSignature
            );

        double smoothMteval = 1.0;
        int effOrder = order;
        for (int n = 1; n <= order; n++)
        {
            if (options.SmoothMethod == "add-k" && n > 1)
            {
                correct[n - 1] += smoothValue;
                total[n - 1] += smoothValue;
            }
            if (total[n - 1] == 0)
                break;
            if (options.EffectiveOrder)
                effOrder = n;
            if (correct[n - 1] == 0)
            {
                if (options.SmoothMethod == "exp")
                {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
                }
                else if (options.SmoothMethod == "floor")
                    precisions[n - 1] = 100.0 * smoothValue / total[n - 1];
            }
            else
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
        }
        double logSum = 0;
        for (int i = 0; i < effOrder; i++)
            logSum += precisions[i] == 0.0 ? -9999999999 : Math.Log(precisions[i]);
        double score = bp * Math.Exp(logSum / effOrder);
        return new BleuScore(
            score,
            correct,
            total,
            precisions,
            bp,
            sysLen,
            refLen,
            rawCounts,
            rawTotals,
            signature,
            shortSignature
        );
    }

    (string Long, string Short) Signatures(int referenceCount)
    {
        var smooth = options.SmoothMethod;
        var def = SmoothDefaults[smooth];
        if (def != null)
            smooth += $"[{PyFormat.Fixed(options.SmoothValue ?? def.Value, 2)}]";
        var fields = new (string Long, string Short, string Value)[]
        {
            ("nrefs", "#", referenceCount.ToString()),
            ("case", "c", options.Lowercase ? "lc" : "mixed"),
            ("eff", "e", options.EffectiveOrder ? "yes" : "no"),
            ("tok", "tok", tokenizer.Signature),
            ("smooth", "s", smooth),
            ("version", "v", Version),
        };
        return (
            string.Join("|", fields.Select(f => $"{f.Long}:{f.Value}")),
            string.Join("|", fields.Select(f => $"{f.Short}:{f.Value}"))
        );
    }
}
