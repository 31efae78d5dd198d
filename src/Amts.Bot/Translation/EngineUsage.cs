namespace Amts.Bot.Translation;

/// <summary>A translation mode's price per million characters, and where that figure comes from.</summary>
internal sealed record EnginePrice(string Mode, decimal UsdPerMillionCharacters)
{
    public decimal CostOf(long characters) => Math.Round(characters * UsdPerMillionCharacters / 1_000_000m, 2);
}

/// <summary>Amazon Translate's list prices. Source: the Amazon Translate pricing page
/// (https://aws.amazon.com/translate/pricing/, "Standard Translation": $15.00 per million characters, real time and
/// batch; "Active Custom Translation" (batch jobs with parallel data): $60.00 per million characters).</summary>
internal static class AmazonTranslatePricing
{
    public const decimal StandardUsdPerMillion = 15.00m;
    public const decimal ActiveCustomTranslationUsdPerMillion = 60.00m;

    public static readonly EnginePrice RealTime = new("real-time", StandardUsdPerMillion);
    public static readonly EnginePrice Batch = new("batch", StandardUsdPerMillion);
    public static readonly EnginePrice BatchWithParallelData = new(
        "batch with parallel data",
        ActiveCustomTranslationUsdPerMillion
    );
}

/// <summary>What one engine used in a run: the characters planned (the segments' text, counted before any call) and
/// the characters billed as the service reported them (a batch job's <c>charactersTranslated</c>) or, where the
/// service reports nothing (TranslateText), as sent; calls and jobs made.</summary>
internal sealed record EngineUsage(
    string Mode,
    long PlannedCharacters,
    long BilledCharacters,
    string BilledSource,
    int Calls,
    int Jobs,
    EnginePrice? Price
)
{
    public decimal? EstimatedUsd => Price?.CostOf(PlannedCharacters);
    public decimal? BilledUsd => Price?.CostOf(BilledCharacters);
}
