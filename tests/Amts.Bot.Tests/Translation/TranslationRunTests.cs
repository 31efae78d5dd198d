using Amts.Bot.Alignment;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Translation;

[Trait("Category", "Unit")]
public class TranslationRunTests
{
    sealed class CountingEngine(long? cap = null) : ITranslationEngine
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];
        public string Name => "counting";
        public EnginePrice? Price => AmazonTranslatePricing.BatchWithParallelData;
        public long? MaxCharacters => cap;
        public TextWriter? Log { get; } = new StringWriter();

        public Task<IReadOnlyList<TranslationResult>> TranslateAsync(
            IReadOnlyList<string> segments,
            string s,
            string t,
            CancellationToken ct = default
        )
        {
            Calls.Add(segments);
            return Task.FromResult<IReadOnlyList<TranslationResult>>(
                segments.Select(x => TranslationResult.Hit("T:" + x)).ToList()
            );
        }
    }

    [Fact]
    public async Task All_files_go_in_one_call_identical_and_empty_segments_are_not_sent()
    {
        var engine = new CountingEngine();
        var files = new[]
        {
            new TranslationRequestFile("a.md", ["One sentence.", "(**", "Two sentences."]),
            new TranslationRequestFile("b.md", ["One sentence.", "$x^2$, `code`", "Three."]),
        };
        var results = await TranslationRun.TranslateAsync(engine, files, "en", "zh");
        var call = Assert.Single(engine.Calls);
        Assert.Equal(["One sentence.", "Two sentences.", "Three."], call);
        Assert.Equal(["T:One sentence.", "(**", "T:Two sentences."], results[0].Select(r => r.Text));
        Assert.Equal(["T:One sentence.", "$x^2$, `code`", "T:Three."], results[1].Select(r => r.Text));
        Assert.Contains("translation plan: 33 characters in 3 segment(s) of 2 file(s)", engine.Log!.ToString());
        Assert.Contains(
            "estimated $0.00 (batch with parallel data, $60.00 per million characters)",
            engine.Log!.ToString()
        );
    }

    [Fact]
    public async Task Over_the_cap_nothing_is_sent_and_the_files_are_listed()
    {
        var engine = new CountingEngine(cap: 20);
        var files = new[]
        {
            new TranslationRequestFile("big.md", ["A sentence long enough to pass the cap."]),
            new TranslationRequestFile("small.md", ["Tiny."]),
        };
        var e = await Assert.ThrowsAsync<TranslationBudgetException>(() =>
            TranslationRun.TranslateAsync(engine, files, "en", "zh")
        );
        Assert.Empty(engine.Calls);
        Assert.Contains(
            "over the cap of 20 per run; nothing was sent. Needs translating: big.md (39), small.md (5)",
            e.Message
        );
        Assert.Contains("--max-characters", e.Hint);
    }

    [Fact]
    public void Prices_are_the_list_prices()
    {
        Assert.Equal(15m, AmazonTranslatePricing.RealTime.UsdPerMillionCharacters);
        Assert.Equal(60m, AmazonTranslatePricing.BatchWithParallelData.UsdPerMillionCharacters);
        Assert.Equal(1193.58m, AmazonTranslatePricing.BatchWithParallelData.CostOf(19_893_000));
    }

    [Fact]
    public void Strikethrough_slide_markers_are_protected()
    {
        var text = "We compute (~~the gradient~~) here.";
        var spans = Amts.Bot.Markdown.ProtectedSpans.Find(text);
        Assert.Contains(spans, s => s.Text(text) == "(~~");
        Assert.Contains(spans, s => s.Text(text) == "~~)");
    }

    [Fact]
    public void Tsv_is_written_as_documented_and_parses_back()
    {
        var corpus = new ParallelCorpus(
            "en",
            "zh",
            PairLevel.Sentence,
            [
                new("A 34\" monitor\tand a tab.", "一台34\"显示器", "f.md", PairLevel.Sentence),
                new("\"Quoted\" text.", "“引用”", "f.md", PairLevel.Sentence),
                new("Plain.", "普通。", "f.md", PairLevel.Sentence),
            ],
            new Dictionary<string, int>()
        );
        var tsv = ParallelData.ToTsv(corpus);
        var lines = tsv.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            var fields = ParallelDataImport.Parse(lines[i], '\t', out var error);
            Assert.Null(error);
            Assert.Equal([corpus.Pairs[i - 1].Source, corpus.Pairs[i - 1].Target], fields);
        }
        Assert.True(ParallelDataImport.Check(tsv, "TSV").Ok);
        Assert.False(ParallelDataImport.Check("en\tzh\nA 34\" monitor\tx\n", "TSV").Ok);
    }
}
