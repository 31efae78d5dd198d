using Amts.Bot.Languages;
using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Languages;

/// <summary>Sentence rules of each translation's language, on prose written the way the d2l books write it.</summary>
[Trait("Category", "Unit")]
public class LanguageSentenceTests
{
    static string[] Split(string lang, string text) =>
        SentenceSplitter.For(lang).Split(text, ProtectedSpans.Find(text)).Select(r => r.Of(text)).ToArray();

    public static TheoryData<string, string, string[]> Cases =>
        new()
        {
            // d2l-ko: no space after the period ("…다.먼저…"), decimals, inline math and code with periods.
            {
                "ko",
                "딥러닝은 데이터에서 패턴을 학습합니다.먼저 선형 회귀를 살펴보겠습니다.이 절에서는 $x.y$의 값이 3.14라고 가정합니다.",
                [
                    "딥러닝은 데이터에서 패턴을 학습합니다.",
                    "먼저 선형 회귀를 살펴보겠습니다.",
                    "이 절에서는 $x.y$의 값이 3.14라고 가정합니다.",
                ]
            },
            {
                "ko",
                "`d2l.torch`를 불러옵니다.그 다음 `net.apply(init)`을 호출합니다. 학습률은 0.03입니다.",
                ["`d2l.torch`를 불러옵니다.", "그 다음 `net.apply(init)`을 호출합니다.", "학습률은 0.03입니다."]
            },
            {
                "ko",
                "Vaswani et al. (2017)이 제안한 모델입니다.예를 들어 e.g. 트랜스포머가 있습니다.",
                ["Vaswani et al. (2017)이 제안한 모델입니다.", "예를 들어 e.g. 트랜스포머가 있습니다."]
            },
            {
                "ko",
                "왜 그럴까요?다음 절에서 설명합니다!정말입니다.",
                ["왜 그럴까요?", "다음 절에서 설명합니다!", "정말입니다."]
            },
            {
                "ko",
                "파일 `data.csv`와 https://d2l.ai/ko.html 을 봅니다.\n다음으로 넘어갑니다.",
                ["파일 `data.csv`와 https://d2l.ai/ko.html 을 봅니다.", "다음으로 넘어갑니다."]
            },
            {
                "ko",
                "이것은 (**간결한 구현입니다.**)다음은 학습입니다.",
                ["이것은 (**간결한 구현입니다.**)", "다음은 학습입니다."]
            },
            // Japanese: 。 and the full-width period.
            {
                "ja",
                "機械学習はデータから学習します。次に線形回帰を見ます．最後に$x.y$を計算します。",
                ["機械学習はデータから学習します。", "次に線形回帰を見ます．", "最後に$x.y$を計算します。"]
            },
            // Portuguese abbreviations.
            {
                "pt",
                "O Sr. Silva usou redes, p. ex. CNNs. Vaswani et al. (2017) propuseram o Transformer. Veja a Fig. 3.",
                [
                    "O Sr. Silva usou redes, p. ex. CNNs.",
                    "Vaswani et al. (2017) propuseram o Transformer.",
                    "Veja a Fig. 3.",
                ]
            },
            { "pt", "A taxa é 0.03. Dra. Souza concorda.", ["A taxa é 0.03.", "Dra. Souza concorda."] },
            // Turkish abbreviations.
            {
                "tr",
                "Bkz. Bölüm 3 ve örn. Şekil 2. Model eğitilir. Prof. Dr. Yılmaz bunu gösterdi.",
                ["Bkz. Bölüm 3 ve örn. Şekil 2.", "Model eğitilir.", "Prof. Dr. Yılmaz bunu gösterdi."]
            },
            // Vietnamese: diacritics, "v.v." (etc.) and titles.
            {
                "vi",
                "Các mô hình như CNN, RNN v.v. được dùng. TS. Nguyễn đã chỉ ra điều này. Học sâu rất mạnh.",
                ["Các mô hình như CNN, RNN v.v. được dùng.", "TS. Nguyễn đã chỉ ra điều này.", "Học sâu rất mạnh."]
            },
            // Spanish.
            {
                "es",
                "El Sr. García usa redes, p. ej. CNNs. Es rápido.",
                ["El Sr. García usa redes, p. ej. CNNs.", "Es rápido."]
            },
            // A spaced language without the Korean rule keeps "a.b" together.
            { "pt", "O arquivo config.yaml existe.Sim.", ["O arquivo config.yaml existe.Sim."] },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Splits_sentences_by_the_language_rules(string lang, string text, string[] expected) =>
        Assert.Equal(expected, Split(lang, text));

    [Fact]
    public void Korean_book_prose_rebuilds_from_sentences_and_gaps()
    {
        // Real-looking d2l-ko prose: a multi-line paragraph, sentences glued by "다.", a decimal, math and code.
        var text =
            "선형 회귀는 가장 간단한 모델입니다.이 모델은 $\\hat{y} = w_1 x_1 + b$로 표현됩니다.\n"
            + "학습률 $\\eta$를 0.5로 두고 `trainer.step()`을 호출합니다.그러면 손실이 줄어듭니다.";
        var ranges = SentenceSplitter.For("ko").Split(text, ProtectedSpans.Find(text));
        Assert.Equal(4, ranges.Count);
        for (int i = 1; i < ranges.Count; i++)
            Assert.True(string.IsNullOrWhiteSpace(text[ranges[i - 1].End..ranges[i].Start]));
        Assert.Equal("선형 회귀는 가장 간단한 모델입니다.", ranges[0].Of(text));
        Assert.Equal("그러면 손실이 줄어듭니다.", ranges[3].Of(text));
    }

    [Fact]
    public void Every_language_of_the_d2l_translations_has_a_profile()
    {
        foreach (var code in new[] { "zh", "ja", "ko", "pt", "tr", "vi", "es", "en", "pt-BR", "zh_CN" })
            Assert.NotNull(LanguageProfile.Find(code));
        Assert.Equal("", LanguageProfile.For("zh").SentenceJoiner);
        Assert.Equal(" ", LanguageProfile.For("ko").SentenceJoiner);
        Assert.Equal("zh", LanguageProfile.For("zh").BleuTokenizer);
        Assert.Null(LanguageProfile.For("ja").BleuTokenizer);
        Assert.Contains("MeCab", LanguageProfile.For("ko").NoBleuReason);
        Assert.Equal("spa", LanguageProfile.For("es").ApertiumCode);
        Assert.Null(LanguageProfile.For("tr").ApertiumCode);
        Assert.Equal(HeadlineMetric.Chrf, LanguageProfile.For("ja").Headline);
    }
}
