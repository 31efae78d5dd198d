namespace Amts.Bot.Evaluation;

public sealed record BleuOptions
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

public sealed record BleuScore(
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
    string ShortSignature)
{
    public string Name => "BLEU";
    public double Ratio => RefLen != 0 ? (double)SysLen / RefLen : 0;

    /// <summary>sacreBLEU's verbose part: <c>96.7/86.5/80.3/74.7 (BP = 0.971 ratio = 0.971 hyp_len = 334 ref_len = 344)</c>.</summary>
    public string Verbose =>
        $"{string.Join("/", Precisions.Select(p => PyFormat.Fixed(p, 1)))} (BP = {PyFormat.Fixed(Bp, 3)} ratio = {PyFormat.Fixed(Ratio, 3)} hyp_len = {SysLen} ref_len = {RefLen})";

    public string Format(int width = 2, bool shortSignature = false) =>
        $"BLEU|{(shortSignature ? ShortSignature : Signature)} = {PyFormat.Fixed(Score, width)} {Verbose}";
}

/// <summary>
/// BLEU exactly as sacreBLEU 2.x computes it (tokenizers, clipping against the maximum count in any one
/// reference, closest reference length with ties to the shorter, the four smoothing methods, effective order).
/// </summary>
public sealed class Bleu
{
    public const string Version = "2.6.0";
    static readonly Dictionary<string, double?> SmoothDefaults = new() { ["none"] = null, ["floor"] = 0.1, ["add-k"] = 1, ["exp"] = null };

    readonly BleuOptions options;
    readonly IBleuTokenizer tokenizer;
    readonly int order;

    public Bleu(BleuOptions? options = null)
    {
        this.options = options ?? new BleuOptions();
        if (!SmoothDefaults.ContainsKey(this.options.SmoothMethod))
            throw new ArgumentException($"unknown smoothing method '{this.options.SmoothMethod}' (choose one of exp, floor, add-k, none)");
        if (this.options.MaxNgramOrder is < 1 or > 4) throw new ArgumentException("max n-gram order must be 1 to 4");
        tokenizer = BleuTokenizers.Get(this.options.Tokenize);
        order = this.options.MaxNgramOrder;
    }

    public string Preprocess(string line) => tokenizer.Tokenize(PyText.RStrip(options.Lowercase ? PyText.Lower(line) : line));

    /// <summary>Corpus BLEU. <paramref name="references"/> holds one stream per reference, each as long as the hypotheses.</summary>
    public BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        CheckLengths(hypotheses.Count, references);
        var perLine = new long[hypotheses.Count][];
        Parallel.For(0, hypotheses.Count, () => new Scratch(), (i, _, scratch) =>
        {
            perLine[i] = SegmentStatistics(hypotheses[i], references.Select(r => r[i]).ToList(), scratch);
            return scratch;
        }, _ => { });
        var sum = new long[2 + 2 * order];
        foreach (var s in perLine) for (int k = 0; k < sum.Length; k++) sum[k] += s[k];
        return FromStatistics(sum, references.Count);
    }

    public BleuScore Sentence(string hypothesis, IReadOnlyList<string> references) =>
        FromStatistics(SegmentStatistics(hypothesis, references, new Scratch()), references.Count);

    internal static void CheckLengths(int hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        if (references.Count == 0) throw new ArgumentException("at least one reference stream is needed");
        for (int r = 0; r < references.Count; r++)
            if (references[r].Count != hypotheses)
                throw new ArgumentException($"the hypothesis stream has {hypotheses} lines but reference stream {r + 1} has {references[r].Count}: they must be aligned line by line");
    }

    sealed class Scratch
    {
        public readonly Dictionary<string, int> Vocabulary = new();
        public readonly Dictionary<UInt128, int> Hyp = new();
        public readonly Dictionary<UInt128, int> Ref = new();
        public readonly Dictionary<UInt128, int> RefMax = new();
    }

    /// <summary>[hyp_len, ref_len, correct_1..N, total_1..N] for one segment.</summary>
    long[] SegmentStatistics(string hypothesis, IReadOnlyList<string> references, Scratch s)
    {
        s.Vocabulary.Clear();
        s.RefMax.Clear();
        var refLens = new List<int>(references.Count);
        foreach (var reference in references)
        {
            var ids = TokenIds(Preprocess(reference), s.Vocabulary);
            refLens.Add(ids.Length);
            Count(ids, s.Ref);
            foreach (var (key, count) in s.Ref)
                if (!s.RefMax.TryGetValue(key, out var max) || count > max) s.RefMax[key] = count;
        }
        var hypIds = TokenIds(Preprocess(hypothesis), s.Vocabulary);
        Count(hypIds, s.Hyp);
        var stats = new long[2 + 2 * order];
        stats[0] = hypIds.Length;
        stats[1] = ClosestRefLen(hypIds.Length, refLens);
        foreach (var (key, count) in s.Hyp)
        {
            int n = OrderOf(key);
            stats[2 + order + n - 1] += count;
            if (s.RefMax.TryGetValue(key, out var refCount)) stats[2 + n - 1] += Math.Min(count, refCount);
        }
        return stats;
    }

    static int[] TokenIds(string tokenized, Dictionary<string, int> vocabulary)
    {
        var words = PyText.Split(tokenized);
        var ids = new int[words.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!vocabulary.TryGetValue(words[i], out var id)) vocabulary[words[i]] = id = vocabulary.Count + 1;
            ids[i] = id;
        }
        return ids;
    }

    // An n-gram of token ids (each ≥ 1) packed in 32-bit lanes; unused lanes are 0, so the order is recoverable.
    void Count(int[] ids, Dictionary<UInt128, int> counts)
    {
        counts.Clear();
        for (int n = 1; n <= order; n++)
            for (int i = 0; i + n <= ids.Length; i++)
            {
                UInt128 key = 0;
                for (int k = 0; k < n; k++) key |= (UInt128)(uint)ids[i + k] << (32 * k);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
    }

    static int OrderOf(UInt128 key)
    {
        int n = 0;
        while (n < 4 && (uint)(key >> (32 * n)) != 0) n++;
        return n;
    }

    static int ClosestRefLen(int hypLen, List<int> refLens)
    {
        int closestDiff = -1, closestLen = -1;
        foreach (var refLen in refLens)
        {
            int diff = Math.Abs(hypLen - refLen);
            if (closestDiff == -1 || diff < closestDiff) { closestDiff = diff; closestLen = refLen; }
            else if (diff == closestDiff && refLen < closestLen) closestLen = refLen;
        }
        return closestLen;
    }

    public BleuScore FromStatistics(IReadOnlyList<long> stats, int referenceCount)
    {
        long sysLen = stats[0], refLen = stats[1];
        var rawCounts = stats.Skip(2).Take(order).ToArray();
        var rawTotals = stats.Skip(2 + order).Take(order).ToArray();
        var correct = rawCounts.Select(c => (double)c).ToArray();
        var total = rawTotals.Select(t => (double)t).ToArray();
        double smoothValue = options.SmoothValue ?? SmoothDefaults[options.SmoothMethod] ?? 0;
        double bp = sysLen < refLen ? (sysLen > 0 ? Math.Exp(1 - (double)refLen / sysLen) : 0.0) : 1.0;
        var precisions = new double[order];
        var (signature, shortSignature) = Signatures(referenceCount);
        if (rawCounts.All(c => c == 0))
            return new BleuScore(0.0, correct, total, precisions, bp, sysLen, refLen, rawCounts, rawTotals, signature, shortSignature);

        double smoothMteval = 1.0;
        int effOrder = order;
        for (int n = 1; n <= order; n++)
        {
            if (options.SmoothMethod == "add-k" && n > 1)
            {
                correct[n - 1] += smoothValue;
                total[n - 1] += smoothValue;
            }
            if (total[n - 1] == 0) break;
            if (options.EffectiveOrder) effOrder = n;
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
            else precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
        }
        double logSum = 0;
        for (int i = 0; i < effOrder; i++) logSum += precisions[i] == 0.0 ? -9999999999 : Math.Log(precisions[i]);
        double score = bp * Math.Exp(logSum / effOrder);
        return new BleuScore(score, correct, total, precisions, bp, sysLen, refLen, rawCounts, rawTotals, signature, shortSignature);
    }

    (string Long, string Short) Signatures(int referenceCount)
    {
        var smooth = options.SmoothMethod;
        var def = SmoothDefaults[smooth];
        if (def != null) smooth += $"[{PyFormat.Fixed(options.SmoothValue ?? def.Value, 2)}]";
        var fields = new (string Long, string Short, string Value)[]
        {
            ("nrefs", "#", referenceCount.ToString()),
            ("case", "c", options.Lowercase ? "lc" : "mixed"),
            ("eff", "e", options.EffectiveOrder ? "yes" : "no"),
            ("tok", "tok", tokenizer.Signature),
            ("smooth", "s", smooth),
            ("version", "v", Version),
        };
        return (string.Join("|", fields.Select(f => $"{f.Long}:{f.Value}")), string.Join("|", fields.Select(f => $"{f.Short}:{f.Value}")));
    }
}
