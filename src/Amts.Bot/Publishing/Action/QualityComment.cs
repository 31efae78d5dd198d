using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Evaluation;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;
using Amts.Bot.Translation;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The quality comment of a sync pull request: BLEU and chrF on the held-out human sentences of the changed files
/// (pairs never published as parallel data, <see cref="ParallelData.IsHeldOut"/>), translated by each system — with
/// and without parallel data where it is used — and scored sacreBLEU-exactly, signatures underneath. The memory
/// engine is measured with a memory built without the held-out pairs. File names are neutralised (no mention, no link).
/// </summary>
internal static class QualityComment
{
    public const string Marker = "<!-- amts:quality -->";

    /// <summary>Amazon Translate list prices per million characters (<see cref="AmazonTranslatePricing"/>).</summary>
    public static decimal EstimatedCost(int characters, string engine) =>
        engine switch
        {
            "aws" => AmazonTranslatePricing.RealTime.CostOf(characters),
            "aws-batch" => AmazonTranslatePricing.BatchWithParallelData.CostOf(characters),
            _ => 0m,
        };

    /// <summary><see cref="QualityReport"/> on the changed files (held-out human sentences, the learned length model,
    /// the language's metrics with intervals, no figure for the memory engine), file names neutralised, then the
    /// cost.</summary>
    public static async Task<string> RenderAsync(
        SyncReport report,
        string target,
        LanguageConfig language,
        ITranslationEngine? engine,
        IReadOnlyList<(string System, ITranslationEngine Engine)> systemsGiven,
        CancellationToken ct
    )
    {
        var changed = report
            .Files.Where(f => f.TargetPath != null && f.Status is FileStatus.Modified or FileStatus.Renamed)
            .Select(f => f.TargetPath!);
        var samples = QualityReport
            .Samples(target, changed, language.Code)
            .Select(s => s with { Article = Untrusted.Neutralise(s.Article) })
            .ToList();
        var sb = new StringBuilder(
            await QualityReport.MarkdownAsync(
                samples,
                language.Code,
                engine,
                systemsGiven.Count > 0 ? systemsGiven : null,
                ct
            )
        );
        sb.Append(
            $"\nEngine `{report.Engine}`: {report.Totals.MtChars:N0} characters for the latest sync (estimated cost "
                + $"${EstimatedCost(report.Totals.MtChars, report.Engine):F2}).\n"
        );
        return sb.ToString();
    }
}
