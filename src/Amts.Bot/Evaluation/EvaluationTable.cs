using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Evaluation;

/// <summary>One system's translation of an article's held-out segments, in the order of the references.</summary>
public sealed record SystemOutput(string System, IReadOnlyList<string> Hypotheses);

/// <summary>An article's reference translation (the human one) and each system's output for the same segments.</summary>
public sealed record ArticleOutputs(string Article, IReadOnlyList<string> References, IReadOnlyList<SystemOutput> Systems);

public sealed record SystemScores(string System, BleuScore Bleu, ChrfScore Chrf);

public sealed record ArticleScores(string Article, int Segments, IReadOnlyList<SystemScores> Systems);

/// <summary>Per article and over all articles (corpus level, not a mean of articles), every system's BLEU and chrF.</summary>
public sealed record EvaluationReport(IReadOnlyList<ArticleScores> Articles, ArticleScores Overall, string BleuSignature, string ChrfSignature);

/// <summary>
/// The quality table a sync PR carries, in the shape of the AMTS tables: one row per article, the systems side by
/// side ("without parallel data" / "with parallel data"), BLEU and chrF, the signatures underneath so that anyone can
/// reproduce the figures with sacreBLEU.
/// </summary>
public static class EvaluationTable
{
    public static EvaluationReport Score(IReadOnlyList<ArticleOutputs> articles, BleuOptions bleuOptions, ChrfOptions? chrfOptions = null)
    {
        if (articles.Count == 0) throw new ArgumentException("nothing to evaluate");
        var systems = articles[0].Systems.Select(s => s.System).ToList();
        foreach (var a in articles)
            if (!a.Systems.Select(s => s.System).SequenceEqual(systems))
                throw new ArgumentException($"article {a.Article} does not have the systems {string.Join(", ", systems)} in that order");
        var bleu = new Bleu(bleuOptions);
        var chrf = new Chrf(chrfOptions);
        ArticleScores ScoreOne(string name, IReadOnlyList<string> refs, IReadOnlyList<IReadOnlyList<string>> outputs) =>
            new(name, refs.Count, systems.Select((s, i) => new SystemScores(s, bleu.Corpus(outputs[i], [refs]), chrf.Corpus(outputs[i], [refs]))).ToList());
        var rows = articles.Select(a => ScoreOne(a.Article, a.References, a.Systems.Select(s => s.Hypotheses).ToList())).ToList();
        var allRefs = articles.SelectMany(a => a.References).ToList();
        var allOutputs = systems.Select((_, i) => (IReadOnlyList<string>)articles.SelectMany(a => a.Systems[i].Hypotheses).ToList()).ToList();
        var overall = ScoreOne("All", allRefs, allOutputs);
        return new EvaluationReport(rows, overall, overall.Systems[0].Bleu.Signature, overall.Systems[0].Chrf.Signature);
    }

    /// <summary>A GitHub-flavoured Markdown table; the best figure of each row and metric is bold.</summary>
    public static string RenderMarkdown(EvaluationReport report, int decimals = 1)
    {
        var systems = report.Overall.Systems.Select(s => s.System).ToList();
        var chrfName = report.Overall.Systems[0].Chrf.Name;
        var sb = new StringBuilder();
        sb.Append("| Article | Segments |");
        foreach (var s in systems) sb.Append($" BLEU {MarkdownText.Escape(s)} |");
        foreach (var s in systems) sb.Append($" {chrfName} {MarkdownText.Escape(s)} |");
        sb.Append('\n').Append("| --- | ---: |").Append(string.Concat(Enumerable.Repeat(" ---: |", systems.Count * 2))).Append('\n');
        foreach (var row in report.Articles.Append(report.Overall))
        {
            var name = row == report.Overall ? "**All**" : MarkdownText.Escape(row.Article);
            sb.Append($"| {name} | {row.Segments} |");
            AppendBest(sb, row.Systems.Select(s => s.Bleu.Score).ToList(), decimals);
            AppendBest(sb, row.Systems.Select(s => s.Chrf.Score).ToList(), decimals);
            sb.Append('\n');
        }
        sb.Append('\n').Append($"`BLEU|{report.BleuSignature}`  \n`{chrfName}|{report.ChrfSignature}`\n");
        return sb.ToString();
    }

    static void AppendBest(StringBuilder sb, List<double> scores, int decimals)
    {
        var texts = scores.Select(s => PyFormat.Fixed(s, decimals)).ToList();
        var best = texts.Count > 1 ? scores.Max() : double.NaN;
        for (int i = 0; i < scores.Count; i++)
            sb.Append(scores[i] == best && scores.Count(s => s == best) == 1 ? $" **{texts[i]}** |" : $" {texts[i]} |");
    }
}
