using System.Globalization;
using System.Text;
using Amts.Bot.Errors;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation;

/// <summary>The segments one file needs translated.</summary>
internal sealed record TranslationRequestFile(string Path, IReadOnlyList<string> Segments);

/// <summary>What a run will send before anything is sent: characters (the segments' text, without markup or
/// envelopes) per file, the segments skipped because they hold nothing to translate, and the price estimate.</summary>
internal sealed record TranslationPlan(
    string Engine,
    long Characters,
    int Segments,
    int Unique,
    int Skipped,
    IReadOnlyList<(string Path, long Characters)> Files,
    EnginePrice? Price
)
{
    public decimal? EstimatedUsd => Price?.CostOf(Characters);

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(
            CultureInfo.InvariantCulture,
            $"translation plan: {Characters:N0} characters in {Unique:N0} segment(s) of {Files.Count} file(s) to "
                + $"{Engine}"
        );
        if (Skipped > 0)
            sb.Append(CultureInfo.InvariantCulture, $" ({Skipped} with nothing to translate kept as they are)");
        if (Price != null)
        {
            sb.Append(
                CultureInfo.InvariantCulture,
                $"; estimated ${Price.CostOf(Characters):F2} ({Price.Mode}, ${Price.UsdPerMillionCharacters:F2} per "
                    + $"million characters)"
            );
            foreach (
                var other in new[]
                {
                    AmazonTranslatePricing.RealTime,
                    AmazonTranslatePricing.BatchWithParallelData,
                }.Where(p => p.UsdPerMillionCharacters != Price.UsdPerMillionCharacters)
            )
                sb.Append(CultureInfo.InvariantCulture, $"; {other.Mode} would be ${other.CostOf(Characters):F2}");
        }
        return sb.ToString();
    }
}

/// <summary>A run would send more characters than its cap allows: nothing was sent; the message lists what needs
/// translating.</summary>
internal sealed class TranslationBudgetException(TranslationPlan plan, long cap)
    : AmtsException(
        ErrorKind.UserInput,
        $"this sync would send {plan.Characters:N0} characters to {plan.Engine}"
            + (plan.EstimatedUsd is { } usd ? $" (about ${usd:F2})" : "")
            + $", over the cap of {cap:N0} per run; nothing was sent. Needs translating: "
            + string.Join(
                ", ",
                plan.Files.OrderByDescending(f => f.Characters).Select(f => $"{f.Path} ({f.Characters:N0})")
            ),
        "translate these by hand, or raise the cap (--max-characters, or aws.max_characters in .github/amts.yml) if "
            + "the cost is intended"
    )
{
    public TranslationPlan Plan { get; } = plan;
}

/// <summary>
/// One translation call per run: every file's segments are gathered (identical segments once, segments with nothing
/// to translate not at all), planned and priced before any call, checked against the engine's cap, sent in ONE
/// engine call, and handed back per file.
/// </summary>
internal static class TranslationRun
{
    /// <summary>The default spending bound per run: 2,000,000 characters ($30 real time, $120 with parallel data at
    /// list price). The 30 real commits of d2l-en's r0.17 history together send about 0.1 M; a day-one catch-up of
    /// a whole book (2.7 MB of English) is what would exceed it, and should be a decision, not an accident.</summary>
    public const long DefaultMaxCharacters = 2_000_000;

    /// <summary>Whether a segment holds anything to translate: a letter outside its protected spans. "(**" or a lone
    /// formula does not, and is kept as it is instead of being sent (and billed).</summary>
    public static bool NeedsTranslation(string segment)
    {
        var text = ProtectedSpans.Replace(segment, ProtectedSpans.Find(segment), " ");
        foreach (var c in text)
            if (char.IsLetter(c))
                return true;
        return false;
    }

    public static TranslationPlan Plan(ITranslationEngine engine, IReadOnlyList<TranslationRequestFile> files)
    {
        var unique = new HashSet<string>(StringComparer.Ordinal);
        long characters = 0;
        int segments = 0,
            skipped = 0;
        var perFile = new List<(string, long)>();
        foreach (var f in files)
        {
            long fileChars = 0;
            foreach (var s in f.Segments)
            {
                segments++;
                if (!NeedsTranslation(s))
                {
                    skipped++;
                    continue;
                }
                if (unique.Add(s))
                {
                    characters += s.Length;
                    fileChars += s.Length;
                }
            }
            if (f.Segments.Count > 0)
                perFile.Add((f.Path, fileChars));
        }
        return new TranslationPlan(engine.Name, characters, segments, unique.Count, skipped, perFile, engine.Price);
    }

    public static async Task<IReadOnlyList<IReadOnlyList<TranslationResult>>> TranslateAsync(
        ITranslationEngine engine,
        IReadOnlyList<TranslationRequestFile> files,
        string sourceLanguage,
        string targetLanguage,
        CancellationToken ct = default
    )
    {
        var plan = Plan(engine, files);
        if (plan.Unique == 0)
            return files
                .Select(f => (IReadOnlyList<TranslationResult>)f.Segments.Select(TranslationResult.Hit).ToList())
                .ToList();
        engine.Log?.WriteLine(plan.Describe());
        if (engine.MaxCharacters is { } cap && plan.Characters > cap)
            throw new TranslationBudgetException(plan, cap);

        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var send = new List<string>();
        foreach (var s in files.SelectMany(f => f.Segments))
            if (NeedsTranslation(s) && position.TryAdd(s, send.Count))
                send.Add(s);
        IReadOnlyList<TranslationResult> results;
        try
        {
            results = await engine.TranslateAsync(send, sourceLanguage, targetLanguage, ct);
        }
        catch (TranslationPendingException pending)
        {
            pending.Files = plan.Files; // what the job will fill in, for the pull request
            throw;
        }
        if (results.Count != send.Count)
            throw AmtsException.Bug($"{engine.Name} returned {results.Count} results for {send.Count} segments");
        return files
            .Select(f =>
                (IReadOnlyList<TranslationResult>)
                    f
                        .Segments.Select(s =>
                            position.TryGetValue(s, out var i) ? results[i] : TranslationResult.Hit(s)
                        )
                        .ToList()
            )
            .ToList();
    }
}
