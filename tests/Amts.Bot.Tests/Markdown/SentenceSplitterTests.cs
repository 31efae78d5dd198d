using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Markdown;

/// <summary>Real sentences of d2l-en and d2l-zh and how they must split.</summary>
[Trait("Category", "Unit")]
public class SentenceSplitterTests
{
    static string[] Split(string lang, string text) =>
        SentenceSplitter.For(lang).Split(text, ProtectedSpans.Find(text)).Select(r => r.Of(text)).ToArray();

    public static TheoryData<string, string, string[]> Cases =>
        new()
        {
            {
                "en",
                "If some of the $o_k$ are very large (i.e., very positive),\nthen $\\exp(o_k)$ might be larger than "
                    + "the largest number. This is overflow.",
                [
                    "If some of the $o_k$ are very large (i.e., very positive),\nthen $\\exp(o_k)$ might be larger "
                        + "than the largest number.",
                    "This is overflow.",
                ]
            },
            {
                "en",
                "Assume that the population is quite healthy, e.g., $P(H=1) = 0.0015$. To apply Bayes' theorem, we "
                    + "need marginalization.",
                [
                    "Assume that the population is quite healthy, e.g., $P(H=1) = 0.0015$.",
                    "To apply Bayes' theorem, we need marginalization.",
                ]
            },
            {
                "en",
                "As shown in Fig. 3, the model of Vaswani et al. (2017) works. It costs 3.5 dollars.",
                ["As shown in Fig. 3, the model of Vaswani et al. (2017) works.", "It costs 3.5 dollars."]
            },
            {
                "en",
                "We change $\\beta_1$ in Adam (:numref:`sec_adam`) from $0.9$ to $0.5$. It decreases the smoothness.",
                [
                    "We change $\\beta_1$ in Adam (:numref:`sec_adam`) from $0.9$ to $0.5$.",
                    "It decreases the smoothness.",
                ]
            },
            {
                "en",
                "Alex called out \"Hey Siri.\" The phone answered! Did it? Yes.",
                ["Alex called out \"Hey Siri.\"", "The phone answered!", "Did it?", "Yes."]
            },
            {
                "en",
                "Download from https://d2l.ai/d2l-en.zip. Then unzip `d2l-en.zip`.",
                ["Download from https://d2l.ai/d2l-en.zip.", "Then unzip `d2l-en.zip`."]
            },
            { "en", "(**Let us implement it.**) Then we train.", ["(**Let us implement it.**)", "Then we train."] },
            { "en", "Write it e.g. the way J. Smith did.", ["Write it e.g. the way J. Smith did."] },
            {
                "zh",
                "时至今日，人们常用的计算机程序几乎都是软件开发人员从零编写的。\n比如，现在开发人员要编写一个程序来管理网上商城。",
                [
                    "时至今日，人们常用的计算机程序几乎都是软件开发人员从零编写的。",
                    "比如，现在开发人员要编写一个程序来管理网上商城。",
                ]
            },
            {
                "zh",
                "那么$\\exp(o_k)$可能大于数据类型容许的最大数字，即*上溢*（overflow）。由于精度受限，$\\exp(o_j - \\max(o_k))$将有接近零的值。",
                [
                    "那么$\\exp(o_k)$可能大于数据类型容许的最大数字，即*上溢*（overflow）。",
                    "由于精度受限，$\\exp(o_j - \\max(o_k))$将有接近零的值。",
                ]
            },
            {
                "zh",
                "其中，这个应用程序的核心——“业务逻辑”。你好吗？很好！第一；第二",
                ["其中，这个应用程序的核心——“业务逻辑”。", "你好吗？", "很好！", "第一；", "第二"]
            },
            { "zh", "他说：“这是真的。”然后走了。", ["他说：“这是真的。”", "然后走了。"] },
            {
                "zh",
                "本节将介绍如何(**通过使用深度学习框架来简洁地实现**)\n :numref:`sec_linear_scratch`中的(**线性回归模型**)。",
                [
                    "本节将介绍如何(**通过使用深度学习框架来简洁地实现**)\n :numref:`sec_linear_scratch`中的(**线性回归模型**)。",
                ]
            },
            {
                "pt",
                "Por exemplo, e.g. $x.y$ é um vetor. Outra frase.",
                ["Por exemplo, e.g. $x.y$ é um vetor.", "Outra frase."]
            },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Splits_real_sentences(string lang, string text, string[] expected) =>
        Assert.Equal(expected, Split(lang, text));
}

/// <summary>The splitter on a whole chapter of the real book (read from its git clone).</summary>
[Trait("Category", "Integration")]
public class SentenceSplitterBookTests
{
    [Fact]
    public void Sentences_and_gaps_rebuild_the_text()
    {
        var text = TestData.ReadEnglish("chapter_introduction/index.md");
        var doc = MarkdownDocument.Parse(text);
        int sentences = 0;
        foreach (var b in doc.Blocks.Where(b => b.Kind == BlockKind.Paragraph))
        {
            var ranges = SentenceSplitter.English.Split(b.Text, ProtectedSpans.Find(b.Text));
            sentences += ranges.Count;
            for (int i = 1; i < ranges.Count; i++)
            {
                Assert.True(ranges[i].Start >= ranges[i - 1].End);
                Assert.True(string.IsNullOrWhiteSpace(b.Text[ranges[i - 1].End..ranges[i].Start]));
            }
        }
        Assert.True(sentences > 200, $"{sentences} sentences");
    }
}
