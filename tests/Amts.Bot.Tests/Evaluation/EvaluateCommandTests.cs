using System.Text.Json;
using Amts.Bot.Alignment;
using Amts.Bot.Evaluation;
using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Evaluation;

/// <summary><c>amts evaluate</c> end to end on the stand-ins: the real d2l-en and d2l-zh, the fake Translate and
/// s3rver, en→zh and zh→en, real time and both kinds of parallel data side by side.</summary>
[Trait("Category", "Integration")]
[Collection("s3rver")]
public class EvaluateCommandTests(S3rverFixture s3rver)
{
    [Fact]
    public void The_study_runs_on_the_stand_ins_in_both_directions_without_the_evaluated_articles_in_the_parallel_data()
    {
        using var fake = new FakeTranslateService(s3rver.Store(), "S3RVER", "S3RVER");
        var outDir = Path.Combine(TestData.TempDir(), "eval");
        var prefix = "amts/study-" + Guid.NewGuid().ToString("N")[..6];
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
        {
            var r = CliRunner.Run(
                "evaluate",
                "--source",
                TestData.EnglishRepo,
                "--target",
                TestData.ChineseRepo,
                "--lang",
                "zh",
                "--out",
                outDir,
                "--bucket",
                S3rverFixture.Bucket,
                "--prefix",
                prefix,
                "--role-arn",
                "arn:aws:iam::123456789012:role/amts-translate",
                "--poll-seconds",
                "0.01"
            );
            Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
            // The cost estimate comes before anything is published or translated.
            int estimate = r.Stdout.IndexOf("cost estimate:", StringComparison.Ordinal);
            Assert.True(
                estimate >= 0
                    && estimate
                        < r.Stdout.IndexOf("parallel data amts-study-en-zh-paragraphs", StringComparison.Ordinal),
                r.Stdout
            );
            Assert.Matches(
                @"cost estimate: [\d,]+ characters per system × \(1 real time × \$15/M \+ 2 with parallel data × "
                    + @"\$60/M\) = \$\d+\.\d\d",
                r.Stdout
            );

            var md = File.ReadAllText(Path.Combine(outDir, "evaluation.md"));
            foreach (var heading in new[] { "## en→zh", "## zh→en" })
                Assert.Contains(heading, md);
            Assert.Contains(
                "| Article | Segments | BLEU realtime | BLEU paragraphs | BLEU sentences | chrF2 realtime | chrF2 "
                    + "paragraphs | chrF2 sentences |",
                md
            );
            foreach (var article in Study.DefaultArticles)
                Assert.Matches(
                    @"\| "
                        + System.Text.RegularExpressions.Regex.Escape(Amts.Bot.Markdown.MarkdownText.Escape(article))
                        + @" \| \d+ \| [\d.]+ ± [\d.]+ \|",
                    md
                );
            Assert.Contains("`BLEU|nrefs:1|case:mixed|eff:no|tok:zh|smooth:exp|version:2.6.0`", md); // en→zh
            Assert.Contains("`BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`", md); // zh→en
            Assert.Contains("95 % confidence interval", md);

            var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "evaluation.json"))).RootElement;
            Assert.Equal(5, json.GetProperty("excludedFromParallelData").GetArrayLength());
            var directions = json.GetProperty("directions").EnumerateArray().ToList();
            Assert.Equal(["en-zh", "zh-en"], directions.Select(d => d.GetProperty("direction").GetString()));
            var all = directions[0].GetProperty("scores").GetProperty("rows").EnumerateArray().Last();
            Assert.Equal("All", all.GetProperty("article").GetString());
            Assert.Equal(3, all.GetProperty("systems").GetArrayLength());
            Assert.True(all.GetProperty("systems")[0].GetProperty("chrf").GetProperty("ci95").GetDouble() >= 0);

            // Each system's parallel data is its own resource, and none holds a sentence only the evaluated articles
            // have.
            var names = fake
                .Calls.Where(c => c.Operation == "CreateParallelData")
                .Select(c => c.Body.GetProperty("Name").GetString())
                .ToList();
            Assert.Equal(
                [
                    "amts-study-en-zh-paragraphs",
                    "amts-study-en-zh-sentences",
                    "amts-study-zh-en-paragraphs",
                    "amts-study-zh-en-sentences",
                ],
                names.Order()
            );
            var jobs = fake
                .Calls.Where(c => c.Operation == "StartTextTranslationJob")
                .Select(c => c.Body.GetProperty("ParallelDataNames")[0].GetString())
                .ToList();
            Assert.Equal(names.Order(), jobs.Order());

            var book = BookAligner.Align(
                BookReader.Load(TestData.EnglishRepo, "en"),
                BookReader.Load(TestData.ChineseRepo, "zh")
            );
            var articles = Study.FindArticles(book, Study.DefaultArticles, "zh");
            var paths = articles.Select(a => a.File.Files.TargetPath).ToHashSet();
            // Sentences that also stand in other files (as a sentence or a whole paragraph) may rightly be in the data.
            var elsewhere = book
                .Files.Where(f => !paths.Contains(f.Files.TargetPath))
                .SelectMany(f => f.Sentences)
                .SelectMany(s => s.Sentences)
                .Select(p => p.SourceText)
                .Concat(
                    ParallelData
                        .Mine(book, PairLevel.Paragraph, "en", "zh", Study.Excluding(articles))
                        .Pairs.Select(p => p.Source)
                )
                .ToHashSet();
            var onlyInArticles = articles
                .SelectMany(a => a.Pairs)
                .Select(p => p.English)
                .Where(e => !elsewhere.Contains(e))
                .ToList();
            Assert.True(onlyInArticles.Count > 200, $"{onlyInArticles.Count}");
            foreach (var name in names)
            {
                var tmx = s3rver
                    .Store()
                    .GetTextAsync(new S3Location(S3rverFixture.Bucket, $"{prefix}/parallel-data/{name}.tmx"))
                    .GetAwaiter()
                    .GetResult();
                var segs = System.Xml.Linq.XDocument.Parse(tmx).Descendants("seg").Select(s => s.Value).ToHashSet();
                Assert.True(segs.Count > 1000, $"{name}: {segs.Count}");
                var leaked = onlyInArticles.Where(segs.Contains).ToList();
                Assert.True(leaked.Count == 0, $"{name}: {string.Join(" | ", leaked)}");
            }
            foreach (var level in new[] { PairLevel.Sentence, PairLevel.Paragraph })
                Assert.DoesNotContain(ParallelData.Mine(book, level, "en", "zh", Study.Excluding(articles)).Pairs, p =>
                    paths.Contains(p.File)
                );
        });
    }

    [Fact]
    public void A_missing_article_or_an_unknown_language_is_a_clear_error()
    {
        var r = CliRunner.Run(
            "evaluate",
            "--source",
            TestData.EnglishRepo,
            "--target",
            TestData.ChineseRepo,
            "--lang",
            "zh",
            "--out",
            TestData.TempDir(),
            "--articles",
            "no-such-article",
            "--systems",
            "memory"
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("article 'no-such-article' is not a file of the book's translation", r.Stderr);
        var l = CliRunner.Run(
            "evaluate",
            "--source",
            TestData.EnglishRepo,
            "--target",
            TestData.ChineseRepo,
            "--lang",
            "xx",
            "--out",
            TestData.TempDir()
        );
        Assert.Equal(1, l.ExitCode);
        Assert.Contains("no language profile for 'xx'", l.Stderr);
    }
}
