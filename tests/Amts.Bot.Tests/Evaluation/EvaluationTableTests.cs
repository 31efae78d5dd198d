using Amts.Bot.Evaluation;

namespace Amts.Bot.Tests.Evaluation;

[Trait("Category", "Unit")]
public class EvaluationTableTests
{
    static List<string> Lines(string @case, string file) =>
        TextLines.Read(Path.Combine(TestData.Data, "bleu-cases", @case, file));

    [Fact]
    public void Renders_articles_side_by_side_with_the_signature_underneath()
    {
        // Two "articles" of real d2l text; system A is the shared hypothesis, system B the second reference.
        var articles = new[]
        {
            new ArticleOutputs(
                "chapter_introduction/index.md",
                Lines("08_en_multi_ref", "ref.txt"),
                [
                    new SystemOutput("without parallel data", Lines("08_en_multi_ref", "hyp.txt")),
                    new SystemOutput("with parallel data", Lines("08_en_multi_ref", "ref2.txt")),
                ]
            ),
            new ArticleOutputs(
                "chapter_preface/index.md | <b>@team</b>",
                Lines("01_en_prose", "ref.txt"),
                [
                    new SystemOutput("without parallel data", Lines("01_en_prose", "hyp.txt")),
                    new SystemOutput("with parallel data", Lines("01_en_prose", "ref.txt")),
                ]
            ),
        };
        var report = EvaluationTable.Score(articles, new BleuOptions());
        // Figures equal sacreBLEU's own for those files (see tests/data/bleu-cases/01_en_prose/expected.json).
        Assert.Equal(81.68810522512685, report.Articles[1].Systems[0].Bleu!.Score, 9);
        Assert.Equal(100.0, report.Articles[1].Systems[1].Bleu!.Score, 9);
        Assert.Equal(29, report.Overall.Segments);
        var md = EvaluationTable.RenderMarkdown(report);
        var lines = md.Split('\n');
        Assert.Equal(
            "| Article | Segments | BLEU without parallel data | BLEU with parallel data | chrF2 without parallel "
                + "data | chrF2 with parallel data |",
            lines[0]
        );
        Assert.Matches(
            @"^\| chapter\\_preface/index.md \\\| &#60;b&#62;&#64;team&#60;/b&#62; \| 15 \| 81.7 ± \d+\.\d \| "
                + @"\*\*100.0\*\* ± 0.0 \|",
            lines[3]
        );
        Assert.StartsWith("| **All** | 29 |", lines[4]);
        Assert.Contains("`BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`", md);
        Assert.Contains("`chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`", md);
    }

    [Fact]
    public void The_overall_row_is_corpus_level_not_a_mean()
    {
        var refs1 = new[] { "the cat sat on the mat" };
        var refs2 = new[] { "a dog ran in the big park today" };
        var report = EvaluationTable.Score(
            [
                new ArticleOutputs("a", refs1, [new SystemOutput("s", ["the cat sat on a mat"])]),
                new ArticleOutputs("b", refs2, [new SystemOutput("s", ["a dog ran in the park today"])]),
            ],
            new BleuOptions()
        );
        var corpus = new Bleu().Corpus(
            ["the cat sat on a mat", "a dog ran in the park today"],
            [
                [refs1[0], refs2[0]],
            ]
        );
        Assert.Equal(corpus.Score, report.Overall.Systems[0].Bleu!.Score);
        Assert.NotEqual(
            (report.Articles[0].Systems[0].Bleu!.Score + report.Articles[1].Systems[0].Bleu!.Score) / 2,
            corpus.Score
        );
    }
}

[Trait("Category", "Unit")]
public class BootstrapTests
{
    static List<string> Lines(string @case, string file) =>
        TextLines.Read(Path.Combine(TestData.Data, "bleu-cases", @case, file));

    [Fact]
    public void Intervals_follow_sacrebleus_estimate_ci_and_shrink_with_the_sample()
    {
        // estimate_ci on 1000 sorted scores 0..999: the 25th from each end, half their distance.
        var ci = Bootstrap.Estimate(Enumerable.Range(0, 1000).Select(i => (double)i).Reverse().ToArray());
        Assert.Equal(499.5, ci.Mean, 9);
        Assert.Equal(0.5 * (974 - 25), ci.HalfWidth, 9);

        var refs = Lines("01_en_prose", "ref.txt");
        var hyps = Lines("01_en_prose", "hyp.txt");
        var report = EvaluationTable.Score(
            [new ArticleOutputs("a", refs, [new SystemOutput("s", hyps)])],
            new BleuOptions()
        );
        var bleu = report.Overall.Systems[0];
        Assert.InRange(
            bleu.Bleu!.Score,
            bleu.BleuInterval!.Mean - 3 * bleu.BleuInterval.HalfWidth,
            bleu.BleuInterval.Mean + 3 * bleu.BleuInterval.HalfWidth
        );
        Assert.True(bleu.BleuInterval.HalfWidth > 0.5, $"{bleu.BleuInterval}");
        // Same inputs, same seed: the same interval (reproducible figures).
        var again = EvaluationTable.Score(
            [new ArticleOutputs("a", refs, [new SystemOutput("s", hyps)])],
            new BleuOptions()
        );
        Assert.Equal(bleu.BleuInterval, again.Overall.Systems[0].BleuInterval);
        // Four times the segments: a narrower interval.
        var big = EvaluationTable.Score(
            [
                new ArticleOutputs(
                    "a",
                    [.. refs, .. refs, .. refs, .. refs],
                    [new SystemOutput("s", [.. hyps, .. hyps, .. hyps, .. hyps])]
                ),
            ],
            new BleuOptions()
        );
        Assert.True(big.Overall.Systems[0].BleuInterval!.HalfWidth < bleu.BleuInterval.HalfWidth);
    }

    [Fact]
    public void Japanese_and_korean_get_chrf_only_with_the_reason()
    {
        var report = EvaluationTable.ScoreFor(
            [
                new ArticleOutputs(
                    "a",
                    ["機械学習はデータから学習します。"],
                    [new SystemOutput("s", ["機械学習はデータを学習します。"])]
                ),
            ],
            Amts.Bot.Languages.LanguageProfile.For("ja")
        );
        Assert.Null(report.Overall.Systems[0].Bleu);
        var md = EvaluationTable.RenderMarkdown(report);
        Assert.DoesNotContain("tok:13a", md);
        Assert.DoesNotContain("| BLEU", md);
        Assert.Contains("chrF2", md);
        Assert.Contains("No BLEU: sacreBLEU scores Japanese BLEU on MeCab", md);
        var zh = EvaluationTable.ScoreFor(
            [new ArticleOutputs("a", ["我们学习。"], [new SystemOutput("s", ["我们学习。"])])],
            Amts.Bot.Languages.LanguageProfile.For("zh")
        );
        Assert.Contains("tok:zh", zh.BleuSignature);
    }
}

[Trait("Category", "Unit")]
public class NgramTableTests
{
    [Fact]
    public void Grows_past_its_reserved_size_and_keeps_counts()
    {
        var t = new NgramTable();
        t.Reset(0);
        for (int round = 0; round < 3; round++)
        for (uint k = 1; k <= 10_000; k++)
            t.Add(k);
        Assert.Equal(10_000, t.Distinct);
        Assert.Equal(30_000, t.Total);
        Assert.Equal(3, t.Get(777));
        t.Max(777, 5);
        t.Max(778, 1);
        Assert.Equal(5, t.Get(777));
        Assert.Equal(3, t.Get(778));
        t.Reset(10);
        Assert.Equal(0, t.Get(777));
        Assert.Equal(0, t.Distinct);
    }
}
