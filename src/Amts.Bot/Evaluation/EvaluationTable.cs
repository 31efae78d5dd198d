using System.Text;
using System.Text.Json;
using Amts.Bot.Languages;
using Amts.Bot.Markdown;

namespace Amts.Bot.Evaluation;

/// <summary>One system's translation of an article's held-out segments, in the order of the references.</summary>
internal sealed record SystemOutput(string System, IReadOnlyList<string> Hypotheses);

/// <summary>An article's reference translation (the human one) and each system's output for the same
/// segments.</summary>
internal sealed record ArticleOutputs(
    string Article,
    IReadOnlyList<string> References,
    IReadOnlyList<SystemOutput> Systems
);

/// <summary>A system's figures on one row: BLEU (absent for a language whose sacreBLEU tokenizer we do not have) and
/// chrF, each with its bootstrap interval.</summary>
internal sealed record SystemScores(string System, BleuScore? Bleu, ChrfScore Chrf)
{
    public Interval? BleuInterval { get; init; }
    public Interval? ChrfInterval { get; init; }
}

internal sealed record ArticleScores(string Article, int Segments, IReadOnlyList<SystemScores> Systems);

/// <summary>Per article and over all articles (corpus level, not a mean of articles), every system's BLEU and
/// chrF.</summary>
internal sealed record EvaluationReport(
    IReadOnlyList<ArticleScores> Articles,
    ArticleScores Overall,
    string? BleuSignature,
    string ChrfSignature
)
{
    /// <summary>Why there is no BLEU (Japanese, Korean), or null.</summary>
    public string? NoBleuReason { get; init; }
}

/// <summary>
/// The quality table in the shape of the AMTS study: one row per article, the systems side by side ("without parallel
/// data" / "with parallel data" …), BLEU and chrF, each figure with the 95 % interval of a paired bootstrap
/// (<see cref="Bootstrap"/>) and the row's number of segments, the signatures underneath so that anyone can reproduce
/// the figures with sacreBLEU.
/// </summary>
internal static class EvaluationTable
{
    /// <summary>Scores with the metrics the target language's profile trusts: BLEU with sacreBLEU's tokenizer for it
    /// (none for ja/ko, with the reason), chrF for all.</summary>
    public static EvaluationReport ScoreFor(IReadOnlyList<ArticleOutputs> articles, LanguageProfile target) =>
        Score(
            articles,
            target.BleuTokenizer is { } tok ? new BleuOptions { Tokenize = tok } : null,
            null,
            target.NoBleuReason
        );

    public static EvaluationReport Score(
        IReadOnlyList<ArticleOutputs> articles,
        BleuOptions? bleuOptions,
        ChrfOptions? chrfOptions = null,
        string? noBleuReason = null
    )
    {
        if (articles.Count == 0)
            throw new ArgumentException("nothing to evaluate");
        var systems = articles[0].Systems.Select(s => s.System).ToList();
        foreach (var a in articles)
            if (!a.Systems.Select(s => s.System).SequenceEqual(systems))
                throw new ArgumentException(
                    $"article {a.Article} does not have the systems {string.Join(", ", systems)} in that order"
                );
        var bleu = bleuOptions == null ? null : new Bleu(bleuOptions);
        var chrf = new Chrf(chrfOptions);
        ArticleScores ScoreOne(string name, IReadOnlyList<string> refs, IReadOnlyList<IReadOnlyList<string>> outputs)
        {
            var bootstrap = new Bootstrap(refs.Count);
            return new(
                name,
                refs.Count,
                systems
                    .Select(
                        (s, i) =>
                        {
                            var hyps = outputs[i];
                            var chrfStats = hyps.Select((h, k) => chrf.SegmentStats(h, [refs[k]])).ToList();
                            var bleuStats =
                                bleu == null ? null : hyps.Select((h, k) => bleu.SegmentStats(h, [refs[k]])).ToList();
                            return new SystemScores(s, bleu?.Corpus(hyps, [refs]), chrf.Corpus(hyps, [refs]))
                            {
                                ChrfInterval = bootstrap.Estimate(chrfStats, sum => chrf.FromStatistics(sum, 1).Score),
                                BleuInterval =
                                    bleuStats == null
                                        ? null
                                        : bootstrap.Estimate(bleuStats, sum => bleu!.FromStatistics(sum, 1).Score),
                            };
                        }
                    )
                    .ToList()
            );
        }
        var rows = articles
            .Select(a => ScoreOne(a.Article, a.References, a.Systems.Select(s => s.Hypotheses).ToList()))
            .ToList();
        var allRefs = articles.SelectMany(a => a.References).ToList();
        var allOutputs = systems
            .Select((_, i) => (IReadOnlyList<string>)articles.SelectMany(a => a.Systems[i].Hypotheses).ToList())
            .ToList();
        var overall = ScoreOne("All", allRefs, allOutputs);
        return new EvaluationReport(
            rows,
            overall,
            overall.Systems[0].Bleu?.Signature,
            overall.Systems[0].Chrf.Signature
        )
        {
            NoBleuReason = bleu == null ? noBleuReason ?? "BLEU not requested" : null,
        };
    }

    /// <summary>A GitHub-flavoured Markdown table: "figure ± half-width of the 95 % interval"; the best figure of each
    /// row and metric is bold.</summary>
    public static string RenderMarkdown(EvaluationReport report, int decimals = 1)
    {
        var systems = report.Overall.Systems.Select(s => s.System).ToList();
        var chrfName = report.Overall.Systems[0].Chrf.Name;
        bool hasBleu = report.BleuSignature != null;
        var sb = new StringBuilder();
        sb.Append("| Article | Segments |");
        if (hasBleu)
            foreach (var s in systems)
                sb.Append($" BLEU {MarkdownText.Escape(s)} |");
        foreach (var s in systems)
            sb.Append($" {chrfName} {MarkdownText.Escape(s)} |");
        sb.Append('\n')
            .Append("| --- | ---: |")
            .Append(string.Concat(Enumerable.Repeat(" ---: |", systems.Count * (hasBleu ? 2 : 1))))
            .Append('\n');
        foreach (var row in report.Articles.Append(report.Overall))
        {
            var name = row == report.Overall ? "**All**" : MarkdownText.Escape(row.Article);
            sb.Append($"| {name} | {row.Segments} |");
            if (hasBleu)
                AppendBest(sb, row.Systems.Select(s => (s.Bleu!.Score, s.BleuInterval)).ToList(), decimals);
            AppendBest(sb, row.Systems.Select(s => (s.Chrf.Score, s.ChrfInterval)).ToList(), decimals);
            sb.Append('\n');
        }
        sb.Append('\n');
        if (hasBleu)
            sb.Append($"`BLEU|{report.BleuSignature}`  \n");
        sb.Append($"`{chrfName}|{report.ChrfSignature}`  \n");
        sb.Append(
            "± : half-width of the 95 % confidence interval, bootstrap resampling of the segments "
                + $"({Bootstrap.Resamples} resamples, seed {Bootstrap.Seed}, as sacreBLEU's `--paired-bs`).\n"
        );
        if (!hasBleu && report.NoBleuReason != null)
            sb.Append($"No BLEU: {report.NoBleuReason}.\n");
        return sb.ToString();
    }

    static void AppendBest(StringBuilder sb, List<(double Score, Interval? Ci)> scores, int decimals)
    {
        var texts = scores.Select(s => PyFormat.Fixed(s.Score, decimals)).ToList();
        var best = texts.Count > 1 ? scores.Max(s => s.Score) : double.NaN;
        for (int i = 0; i < scores.Count; i++)
        {
            var ci =
                scores[i].Ci is { HalfWidth: var h } && !double.IsNaN(h) ? $" ± {PyFormat.Fixed(h, decimals)}" : "";
            sb.Append(
                scores[i].Score == best && scores.Count(s => s.Score == best) == 1
                    ? $" **{texts[i]}**{ci} |"
                    : $" {texts[i]}{ci} |"
            );
        }
    }

    /// <summary>The same figures as JSON: per row and system, score, interval, and the signatures.</summary>
    public static void WriteJson(Utf8JsonWriter w, EvaluationReport report)
    {
        w.WriteStartObject();
        if (report.BleuSignature != null)
            w.WriteString("bleuSignature", "BLEU|" + report.BleuSignature);
        else
            w.WriteString("noBleu", report.NoBleuReason);
        w.WriteString("chrfSignature", report.Overall.Systems[0].Chrf.Name + "|" + report.ChrfSignature);
        w.WriteString("interval", $"95 % bootstrap, {Bootstrap.Resamples} resamples, seed {Bootstrap.Seed}");
        w.WriteStartArray("rows");
        foreach (var row in report.Articles.Append(report.Overall))
        {
            w.WriteStartObject();
            w.WriteString("article", row.Article);
            w.WriteNumber("segments", row.Segments);
            w.WriteStartArray("systems");
            foreach (var s in row.Systems)
            {
                w.WriteStartObject();
                w.WriteString("system", s.System);
                if (s.Bleu != null)
                    WriteFigure(w, "bleu", s.Bleu.Score, s.BleuInterval);
                WriteFigure(w, "chrf", s.Chrf.Score, s.ChrfInterval);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void WriteFigure(Utf8JsonWriter w, string name, double score, Interval? ci)
    {
        w.WriteStartObject(name);
        w.WriteNumber("score", Math.Round(score, 4));
        if (ci != null && !double.IsNaN(ci.HalfWidth))
        {
            w.WriteNumber("mean", Math.Round(ci.Mean, 4));
            w.WriteNumber("ci95", Math.Round(ci.HalfWidth, 4));
        }
        w.WriteEndObject();
    }
}
