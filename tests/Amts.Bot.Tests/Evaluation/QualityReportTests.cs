using System.Text.RegularExpressions;
using Amts.Bot.Alignment;
using Amts.Bot.Evaluation;
using Amts.Bot.Languages;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Evaluation;

/// <summary>The quality comment's figures on a language whose length runs about as long as English: a synthetic
/// Spanish translation of a real d2l-en section (every prose word outside code, math, roles and links turned into
/// a Spanish-looking one, function words into Spanish ones; structure, anchors and sentence ends untouched).</summary>
[Trait("Category", "Integration")]
public class QualityReportTests
{
    const string Path_ = "chapter_linear-networks/linear-regression.md";

    static readonly Dictionary<string, string> Function = new(StringComparer.OrdinalIgnoreCase)
    {
        ["the"] = "el",
        ["of"] = "de",
        ["and"] = "y",
        ["to"] = "a",
        ["is"] = "es",
        ["in"] = "en",
        ["that"] = "que",
        ["for"] = "para",
        ["we"] = "nosotros",
        ["this"] = "este",
        ["with"] = "con",
        ["are"] = "son",
        ["be"] = "ser",
        ["on"] = "sobre",
        ["it"] = "lo",
        ["by"] = "por",
        ["can"] = "puede",
        ["an"] = "un",
        ["a"] = "una",
        ["which"] = "cual",
        ["from"] = "desde",
        ["at"] = "en",
        ["or"] = "o",
        ["not"] = "no",
        ["have"] = "tienen",
        ["will"] = "va",
        ["our"] = "nuestro",
        ["you"] = "usted",
        ["these"] = "estos",
        ["how"] = "como",
        ["what"] = "que",
        ["when"] = "cuando",
        ["each"] = "cada",
        ["has"] = "tiene",
        ["was"] = "fue",
        ["its"] = "su",
        ["their"] = "su",
        ["they"] = "ellos",
        ["there"] = "hay",
        ["than"] = "que",
        ["using"] = "usando",
        ["if"] = "si",
        ["then"] = "entonces",
        ["into"] = "dentro",
        ["would"] = "haría",
        ["should"] = "debería",
        ["where"] = "donde",
        ["let"] = "deja",
        ["us"] = "nos",
    };

    /// <summary>English prose → pseudo-Spanish, line by line, outside code cells and protected spans.</summary>
    public static string PseudoSpanish(string english)
    {
        var sb = new System.Text.StringBuilder();
        bool code = false;
        foreach (var line in english.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```"))
                code = !code;
            if (
                code
                || line.TrimStart().StartsWith("```")
                || line.StartsWith(':')
                || line.StartsWith("$$")
                || line.StartsWith("![")
            )
            {
                sb.Append(line).Append('\n');
                continue;
            }
            var spans = ProtectedSpans.Find(line);
            int pos = 0;
            foreach (var s in spans.Append(new ProtectedSpan(ProtectedKind.Code, line.Length, 0)))
            {
                sb.Append(Regex.Replace(line[pos..Math.Max(pos, s.Start)], @"(?<![\w.])[A-Za-z]+(?![\w.]*\.\w)", m =>
                    {
                        var w = m.Value;
                        if (LanguageProfile.EnglishAbbreviations.Contains(w))
                            return w;
                        if (Function.TryGetValue(w, out var f))
                            return char.IsUpper(w[0]) ? char.ToUpperInvariant(f[0]) + f[1..] : f;
                        return w.Length >= 3 ? w + "o" : w;
                    }));
                if (s.End > pos || s.Length > 0)
                    sb.Append(line[s.Start..s.End]);
                pos = Math.Max(pos, s.End);
            }
            sb.Append('\n');
        }
        return sb.ToString()[..^1];
    }

    [Fact]
    public async Task Finds_as_many_test_sentences_as_extract_holds_out_and_no_figure_for_the_memory_engine()
    {
        var english = TestData.ReadEnglish(Path_);
        var spanish = PseudoSpanish(english);
        Assert.NotEqual(english, spanish);
        var root = TestData.TempDir();
        Directory.CreateDirectory(Path.Combine(root, "chapter_linear-networks"));
        File.WriteAllText(Path.Combine(root, Path_), spanish);
        File.WriteAllText(Path.Combine(root, Book.OriginPathOf(Path_)), english);

        // What extract holds out for the file.
        var book = BookAligner.Align(
            new Book("en", "en", new Dictionary<string, string> { [Path_] = english }),
            new Book(
                "es",
                "es",
                new Dictionary<string, string> { [Path_] = spanish, [Book.OriginPathOf(Path_)] = english }
            )
        );
        Assert.InRange(book.Lengths.Ratio, 0.9, 1.3);
        var mined = ParallelData.Mine(book, PairLevel.Sentence, "en", "es");
        int heldOutByExtract = mined.Rejected.GetValueOrDefault(ParallelData.HeldOutReason);
        Assert.True(heldOutByExtract >= 5, string.Join(", ", mined.Rejected));

        var sample = Assert.Single(QualityReport.Samples(root, [Path_], "es"));
        Assert.Equal(heldOutByExtract, sample.HeldOut.Count);

        // The hard-coded Chinese ratio the comment used before finds fewer.
        var old = BookAligner.AlignFile(
            new FilePair(Path_, Path_, true, "q"),
            MarkdownDocument.Parse(english),
            MarkdownDocument.Parse(spanish),
            new LengthModel(0.35, 0.6, 2.0),
            "en",
            "es"
        );
        int oldCount = old
            .Sentences.SelectMany(s => s.Sentences)
            .Count(p =>
                p.Source.Count == 1
                && p.Target.Count == 1
                && p.Confidence >= 0.5
                && ParallelData.IsHeldOut(p.SourceText)
            );
        Assert.True(oldCount < sample.HeldOut.Count, $"0.35 model: {oldCount}, learned: {sample.HeldOut.Count}");

        // The memory engine gets no figure: the comment says what it did instead.
        var memoryComment = await QualityReport.MarkdownAsync([sample], "es", null, null);
        Assert.Contains("No BLEU or chrF for the `memory` engine", memoryComment);
        Assert.Matches($@"Of the {sample.HeldOut.Count} held-out sentences .* it found \d+", memoryComment);
        Assert.DoesNotContain("BLEU|", memoryComment);

        // A translating system: every held-out sentence is scored, with the 13a tokenizer for Spanish and intervals.
        var perfect = new TranslationMemory(sample.HeldOut.Select(p => (p.SourceText, p.TargetText)));
        var comment = await QualityReport.MarkdownAsync(
            [sample],
            "es",
            null,
            [("perfect", perfect), ("none", new TranslationMemory([]))]
        );
        Assert.Contains($"| {MarkdownText.Escape(Path_)} | {sample.HeldOut.Count} | **100.0** ± 0.0 |", comment);
        Assert.Contains("tok:13a", comment);
        Assert.Contains($"Test sentences: {sample.HeldOut.Count} held out", comment);
        Assert.Contains($"{sample.HeldOut.Count} sentence(s) came back untranslated and are scored as empty", comment);
    }

    [Fact]
    public async Task Japanese_figures_are_chrf_only_with_the_reason()
    {
        var sample = new QualitySample(
            "a.md",
            Enumerable
                .Range(0, 4)
                .Select(i => new SentencePair(
                    [0],
                    [0],
                    $"Sentence {i} trains the model.",
                    $"文{i}はモデルを学習します。",
                    1
                ))
                .ToList(),
            []
        );
        var comment = await QualityReport.MarkdownAsync(
            [sample],
            "ja",
            null,
            [("perfect", new TranslationMemory(sample.HeldOut.Select(p => (p.SourceText, p.TargetText))))]
        );
        Assert.DoesNotContain("tok:13a", comment);
        Assert.DoesNotContain("| BLEU", comment);
        Assert.Contains("chrF2 perfect", comment);
        Assert.Contains("No BLEU: sacreBLEU scores Japanese BLEU on MeCab", comment);
    }

    /// <summary>Issue 13: the quality comment started one batch job per article. Every file's test sentences now go
    /// to each system in one call, and each file still gets its own answers.</summary>
    [Fact]
    public async Task Each_system_is_called_once_for_all_files()
    {
        QualitySample Sample(string name, int n) =>
            new(
                name,
                Enumerable
                    .Range(0, n)
                    .Select(i => new SentencePair(
                        [0],
                        [0],
                        $"{name} sentence {i} trains the model.",
                        $"{name} 句子 {i} 训练模型。",
                        1
                    ))
                    .ToList(),
                []
            );
        var samples = new[] { Sample("a.md", 4), Sample("b.md", 5), Sample("c.md", 3) };
        var counting = new CountingEngine(
            new TranslationMemory(samples.SelectMany(s => s.HeldOut).Select(p => (p.SourceText, p.TargetText)))
        );
        var comment = await QualityReport.MarkdownAsync(samples, "zh", null, [("counted", counting)]);
        Assert.Equal(1, counting.Calls);
        Assert.Equal(12, counting.Segments);
        // Each file scored on its own sentences: all perfect, none shifted into another file.
        foreach (var s in samples)
            Assert.True(
                comment.Contains(
                    $"| {MarkdownText.Escape(s.Article)} | {s.HeldOut.Count} | 100.0 ± 0.0 |",
                    StringComparison.Ordinal
                ),
                comment
            );
    }

    sealed class CountingEngine(ITranslationEngine inner) : ITranslationEngine
    {
        public int Calls { get; private set; }
        public int Segments { get; private set; }
        public string Name => "counted";

        public Task<IReadOnlyList<TranslationResult>> TranslateAsync(
            IReadOnlyList<string> segments,
            string sourceLanguage,
            string targetLanguage,
            CancellationToken cancellationToken = default
        )
        {
            Calls++;
            Segments += segments.Count;
            return inner.TranslateAsync(segments, sourceLanguage, targetLanguage, cancellationToken);
        }
    }
}
