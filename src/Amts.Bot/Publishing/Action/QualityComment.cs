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
public static class QualityComment
{
    public const string Marker = "<!-- amts:quality -->";

    /// <summary>Amazon Translate list prices per million characters: standard (15 USD) and with parallel data, Active
    /// Custom Translation (60 USD), from https://aws.amazon.com/translate/pricing/.</summary>
    public static decimal EstimatedCost(int characters, string engine) => engine switch
    {
        "aws" => characters * 15m / 1_000_000m,
        "aws-batch" => characters * 60m / 1_000_000m,
        _ => 0m,
    };

    public static async Task<string> RenderAsync(SyncReport report, string target, LanguageConfig language, ITranslationEngine? engine,
        IReadOnlyList<(string System, ITranslationEngine Engine)> systemsGiven, CancellationToken ct)
    {
        var samples = new List<(string Article, List<SentencePair> HeldOut, List<SentencePair> Others)>();
        foreach (var file in report.Files.Where(f => f.TargetPath != null && f.Status is "modified" or "renamed"))
        {
            var originPath = Path.Combine(target, Book.OriginPathOf(file.TargetPath!));
            var targetPath = Path.Combine(target, file.TargetPath!);
            if (!File.Exists(originPath) || !File.Exists(targetPath)) continue;
            var a = BookAligner.AlignFile(new FilePair(file.TargetPath!, file.TargetPath!, true, "quality"), MarkdownDocument.Parse(SourceText.ReadFile(originPath)),
                MarkdownDocument.Parse(SourceText.ReadFile(targetPath)), new LengthModel(0.35, 0.6, 2.0), "en", language.Code);
            var pairs = a.Sentences.SelectMany(s => s.Sentences).Where(p => p.Source.Count == 1 && p.Target.Count == 1 && p.Confidence >= 0.5).ToList();
            var heldOut = pairs.Where(p => ParallelData.IsHeldOut(p.SourceText)).Take(40).ToList();
            if (heldOut.Count >= 3) samples.Add((Untrusted.Neutralise(file.TargetPath!), heldOut, pairs.Where(p => !ParallelData.IsHeldOut(p.SourceText)).ToList()));
        }
        var sb = new StringBuilder("### Translation quality on held-out human sentences\n\n");
        if (samples.Count == 0) sb.Append("No changed file had enough held-out aligned sentences to measure.\n");
        else
        {
            var articles = new List<ArticleOutputs>();
            foreach (var sample in samples)
            {
                var systems = systemsGiven.Count > 0 ? systemsGiven
                    : [(engine?.Name ?? "memory", engine ?? new TranslationMemory(sample.Others.Select(p => (p.SourceText, p.TargetText))))];
                var outputs = new List<SystemOutput>();
                foreach (var s in systems)
                {
                    var translated = await s.Engine.TranslateAsync(sample.HeldOut.Select(p => p.SourceText).ToList(), "en", language.Code, ct);
                    outputs.Add(new SystemOutput(s.System, translated.Select((r, i) => r.Text ?? sample.HeldOut[i].SourceText).ToList()));
                }
                articles.Add(new ArticleOutputs(sample.Article, sample.HeldOut.Select(p => p.TargetText).ToList(), outputs));
            }
            var tokenizer = language.Code.StartsWith("zh", StringComparison.Ordinal) ? "zh" : "13a";
            sb.Append(EvaluationTable.RenderMarkdown(EvaluationTable.Score(articles, new BleuOptions { Tokenize = tokenizer })));
        }
        sb.Append($"\nEngine `{report.Engine}`: {report.Totals.MtChars:N0} characters for the latest sync (estimated cost ${EstimatedCost(report.Totals.MtChars, report.Engine):F2}).\n");
        return sb.ToString();
    }
}
