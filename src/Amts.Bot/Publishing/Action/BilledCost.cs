using System.Globalization;
using Amts.Bot.Translation;

namespace Amts.Bot.Publishing.Action;

/// <summary>The pull request's cost line from what the service billed (a batch job's <c>charactersTranslated</c>,
/// as report.json's billing has it), not from the planner's count times the price.</summary>
internal static class BilledCost
{
    public static string? Line(EngineUsage? usage) =>
        usage is { BilledCharacters: > 0, Price: { } price }
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"Cost: {usage.BilledCharacters:N0} characters billed by the engine ({usage.BilledSource}), "
                    + $"${price.CostOf(usage.BilledCharacters):F2} "
                    + $"({price.Mode}, ${price.UsdPerMillionCharacters:F2} per million characters); the table's "
                    + $"costs are estimates from the planned characters."
            )
            : null;
}
