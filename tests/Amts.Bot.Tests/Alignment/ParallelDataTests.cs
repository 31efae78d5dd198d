using System.Xml;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;

namespace Amts.Bot.Tests.Alignment;

[Trait("Category", "Unit")]
public class ParallelDataTests
{
    static ParallelCorpus Corpus(params (string S, string T)[] pairs) =>
        new(
            "en",
            "zh",
            PairLevel.Sentence,
            pairs.Select(p => new ParallelPair(p.S, p.T, "f.md", PairLevel.Sentence)).ToList(),
            new Dictionary<string, int>()
        );

    [Fact]
    public void Csv_has_the_language_header_and_quotes_per_the_rules()
    {
        var csv = ParallelData.ToCsv(
            Corpus(("Hello, world", "你好，世界"), ("He said \"hi\"", "他说“嗨”"), (" padded", "填充"))
        );
        Assert.Equal("en,zh\n\"Hello, world\",你好，世界\n\"He said \"\"hi\"\"\",他说“嗨”\n\" padded\",填充\n", csv);
        Assert.Equal("en\tzh\nHello, world\t你好，世界\n", ParallelData.ToTsv(Corpus(("Hello, world", "你好，世界"))));
    }

    [Theory]
    [InlineData("-1 is negative.", "-1是负数。", "leading + - = @")]
    [InlineData("@user wrote it.", "用户写的。", "leading + - = @")]
    [InlineData("=SUM(A1) is a formula.", "这是公式。", "leading + - = @")]
    [InlineData("Two\nlines.", "两行。", "spans lines")]
    [InlineData("A tab\there.", "制表符。", "contains a tab")]
    [InlineData(
        "[Discussions](https://discuss.d2l.ai/t/44)",
        "[Discussions](https://discuss.d2l.ai/t/1782)",
        "nothing to translate"
    )]
    [InlineData("We compute $x_i$ and :numref:`sec_a`.", "我们计算$x_j$和 :numref:`sec_a`。", "math or roles differ")]
    [InlineData("", "空。", "empty")]
    public void Pairs_the_service_would_refuse_or_that_teach_the_wrong_thing_are_rejected(
        string source,
        string target,
        string reason
    ) => Assert.Equal(reason, ParallelData.Check(source, target));

    [Fact]
    public void The_1000_byte_limit_counts_utf8_bytes()
    {
        var zh334 = new string('中', 334); // 1002 bytes
        Assert.Equal("over 1000 bytes", ParallelData.Check("Short.", zh334));
        Assert.Null(ParallelData.Check("Short.", new string('中', 333)));
        Assert.Null(ParallelData.Check("We compute $x_i$ here.", "我们在这里计算$x_i$。"));
    }

    [Fact]
    public void Tmx_is_well_formed_xml_with_the_source_language_in_the_header()
    {
        var tmx = ParallelData.ToTmx(Corpus(("A < B & C", "A 小于 B 且 C"), ("Use `x`.", "使用`x`。")));
        var doc = new XmlDocument();
        doc.LoadXml(tmx);
        Assert.Equal("1.4", doc.DocumentElement!.GetAttribute("version"));
        Assert.Equal("en", ((XmlElement)doc.SelectSingleNode("/tmx/header")!).GetAttribute("srclang"));
        var units = doc.SelectNodes("/tmx/body/tu")!;
        Assert.Equal(2, units.Count);
        Assert.Equal("A < B & C", units[0]!.SelectSingleNode("tuv[@xml:lang='en']/seg", Ns(doc))!.InnerText);
        Assert.Equal("A 小于 B 且 C", units[0]!.SelectSingleNode("tuv[@xml:lang='zh']/seg", Ns(doc))!.InnerText);
    }

    static XmlNamespaceManager Ns(XmlDocument doc)
    {
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("xml", "http://www.w3.org/XML/1998/namespace");
        return ns;
    }
}

/// <summary>The whole real book: English at the tip of d2l-en, the Chinese d2l-zh (with its _origin.md
/// files).</summary>
[Trait("Category", "Corpus")]
public class WholeBookTests
{
    static readonly Lazy<BookAlignment> Book = new(() =>
        BookAligner.Align(
            BookReader.Load(TestData.EnglishRepo + "@HEAD", "en"),
            BookReader.Load(TestData.ChineseRepo, "zh")
        )
    );

    [Fact]
    public void At_least_90_percent_of_english_prose_blocks_find_a_target()
    {
        var book = Book.Value;
        Assert.True(book.Mapping.Pairs.Count >= 140, $"{book.Mapping.Pairs.Count} files mapped");
        Assert.True(book.Files.Count(f => f.Files.SourceFromOrigin) >= 130);
        int prose = 0,
            matched = 0;
        foreach (var f in book.Files)
        foreach (var p in f.Blocks)
        foreach (var i in p.Source.Where(i => BlockFeatures.KindOf(f.Source.Blocks[i]) == AlignKind.Prose))
        {
            prose++;
            if (p.Target.Count > 0)
                matched++;
        }
        Assert.True(matched >= 0.9 * prose, $"{matched}/{prose}");
    }

    [Fact]
    public void No_emitted_pair_has_differing_math_or_roles_and_code_is_never_a_pair()
    {
        foreach (var level in new[] { PairLevel.Sentence, PairLevel.Paragraph })
        {
            var corpus = ParallelData.Mine(Book.Value, level, "en", "zh");
            // Book content only (README, STYLE_GUIDE, INFO and contrib/ are not mined by default: about 100
            // paragraphs).
            Assert.True(
                corpus.Pairs.Count > (level == PairLevel.Sentence ? 8000 : 2900),
                $"{level}: {corpus.Pairs.Count}"
            );
            foreach (var p in corpus.Pairs)
            {
                Assert.Null(ParallelData.Check(p.Source, p.Target));
                Assert.DoesNotContain("```", p.Source);
                Assert.False(p.Source.StartsWith("!["), p.Source);
            }
            Assert.Equal(corpus.Pairs.Count, corpus.Pairs.Select(p => p.Source).Distinct().Count());
            // One pair in ten is held out for the pull requests' quality figures, never published.
            Assert.DoesNotContain(corpus.Pairs, p => ParallelData.IsHeldOut(p.Source));
            Assert.True(corpus.Rejected["held out for evaluation"] > corpus.Pairs.Count / 20);
        }
    }

    [Fact]
    public void Extract_writes_every_format_and_a_summary()
    {
        var outDir = TestData.TempDir();
        var r = CliRunner.Run(
            "extract",
            "--source",
            TestData.EnglishRepo + "@HEAD~5",
            "--target",
            TestData.ChineseRepo,
            "--target-lang",
            "zh",
            "--out",
            outDir
        );
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(
            @"^files mapped \d+ \(unmapped: \d+ en, \d+ zh\), block pairs \d+ \(low confidence \d+\), en prose "
                + @"blocks with a target \d+/\d+ \([\d.]+ %\), sentence pairs \d+, paragraph pairs \d+, rejected: "
                + @".*time [\d.]+ s",
            r.Stdout
        );
        foreach (
            var f in new[]
            {
                "sentences.csv",
                "sentences.tsv",
                "sentences.tmx",
                "paragraphs.csv",
                "paragraphs.tsv",
                "paragraphs.tmx",
                "alignment.json",
                "summary.txt",
            }
        )
            Assert.True(new FileInfo(Path.Combine(outDir, f)).Length > 100, f);
        Assert.StartsWith("en,zh\n", File.ReadAllText(Path.Combine(outDir, "sentences.csv")));
        new XmlDocument().Load(Path.Combine(outDir, "paragraphs.tmx"));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "alignment.json")));
        var file = json
            .RootElement.GetProperty("files")
            .EnumerateArray()
            .First(f => f.GetProperty("target").GetString() == "chapter_introduction/index.md");
        Assert.Equal("chapter_introduction/index_origin.md", file.GetProperty("source").GetString());
        Assert.True(file.GetProperty("blocks").GetArrayLength() > 50);
    }

    [Fact]
    public void A_missing_revision_is_a_clear_error()
    {
        var r = CliRunner.Run(
            "extract",
            "--source",
            TestData.EnglishRepo + "@deadbeef",
            "--target",
            TestData.ChineseRepo,
            "--target-lang",
            "zh",
            "--out",
            TestData.TempDir()
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no commit 'deadbeef'", r.Stderr);
    }
}
