using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Languages;
using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Languages;

/// <summary>Language identification of targets, on sentences written as the d2l translations write them.</summary>
[Trait("Category", "Unit")]
public class LanguageIdentityTests
{
    [Theory]
    // Real d2l-zh sentences, term-heavy ones included.
    [InlineData(
        "zh",
        "提示：可以参考Vision Transformer :cite:`Dosovitskiy.Beyer.Kolesnikov.ea.2021`。",
        nameof(LanguageVerdict.InLanguage)
    )]
    [InlineData("zh", "证明$\\mathrm{RealSoftMax}(a, b) > \\mathrm{max}(a, b)$。", nameof(LanguageVerdict.InLanguage))]
    [InlineData("zh", "[**GoogLeNet模型**]", nameof(LanguageVerdict.InLanguage))]
    [InlineData(
        "zh",
        "\"This is a highly welcome addition to the machine learning literature.\"",
        nameof(LanguageVerdict.NotInLanguage)
    )]
    [InlineData("ja", "機械学習は $x$ を使って Transformer モデルを学習します。", nameof(LanguageVerdict.InLanguage))]
    [InlineData(
        "ja",
        "The model is trained with minibatch stochastic gradient descent.",
        nameof(LanguageVerdict.NotInLanguage)
    )]
    [InlineData("ko", "선형 회귀는 가장 간단한 모델입니다.", nameof(LanguageVerdict.InLanguage))]
    [InlineData("ko", "Linear regression is the simplest model.", nameof(LanguageVerdict.NotInLanguage))]
    // Latin-script translations against English.
    [InlineData(
        "pt",
        "Neste capítulo, apresentamos o modelo de regressão linear e o treinamos com SGD.",
        nameof(LanguageVerdict.InLanguage)
    )]
    [InlineData(
        "pt",
        "In this chapter, we introduce the linear regression model and train it with SGD.",
        nameof(LanguageVerdict.NotInLanguage)
    )]
    [InlineData(
        "pt",
        "O artigo \"Attention is all you need\" de Vaswani et al. é a base.",
        nameof(LanguageVerdict.InLanguage)
    )]
    [InlineData(
        "tr",
        "Bu bölümde doğrusal regresyon modelini tanıtıyoruz ve onu SGD ile eğitiyoruz.",
        nameof(LanguageVerdict.InLanguage)
    )]
    [InlineData(
        "tr",
        "Please read the contributing guide before you open a pull request.",
        nameof(LanguageVerdict.NotInLanguage)
    )]
    [InlineData(
        "vi",
        "Trong chương này, chúng ta giới thiệu mô hình hồi quy tuyến tính.",
        nameof(LanguageVerdict.InLanguage)
    )]
    [InlineData(
        "vi",
        "This section describes how to install the d2l package with pip.",
        nameof(LanguageVerdict.NotInLanguage)
    )]
    [InlineData(
        "es",
        "En este capítulo presentamos el modelo de regresión lineal.",
        nameof(LanguageVerdict.InLanguage)
    )]
    [InlineData(
        "es",
        "Use the following command to build the HTML version of the book.",
        nameof(LanguageVerdict.NotInLanguage)
    )]
    [InlineData("pt", "Softmax", nameof(LanguageVerdict.Undecided))]
    public void Identifies_the_language_of_a_target(string lang, string text, string expected) =>
        Assert.Equal(
            Enum.Parse<LanguageVerdict>(expected),
            LanguageIdentity.Identify(ProtectedSpans.ProseOnly(text), LanguageProfile.For(lang))
        );

    [Theory]
    [InlineData("README.md", false)]
    [InlineData("STYLE_GUIDE.md", false)]
    [InlineData("CONTRIBUTING.md", false)]
    [InlineData("contrib/chapter_recommender-systems/mf.md", false)]
    [InlineData(".github/PULL_REQUEST_TEMPLATE.md", false)]
    [InlineData("index.md", true)]
    [InlineData("chapter_appendix-tools-for-deep-learning/contributing.md", true)]
    public void Book_content_is_the_chapters_and_the_root_index(string path, bool expected) =>
        Assert.Equal(expected, ParallelData.IsBookContent(path));

    /// <summary>A Portuguese (Turkish, Vietnamese) translation as the real ones are: translated chapters with an
    /// English paragraph left in, an untranslated contrib draft and a README. No pair with an English target
    /// survives.</summary>
    [Theory]
    [InlineData(
        "pt",
        "Neste capítulo treinamos o modelo de regressão linear com $\\eta$ fixo.",
        "A função de perda mede o erro do modelo em cada exemplo.",
        "Os dados são divididos em minilotes para o treinamento."
    )]
    [InlineData(
        "tr",
        "Bu bölümde doğrusal regresyon modelini $\\eta$ ile eğitiyoruz.",
        "Kayıp fonksiyonu her örnekte modelin hatasını ölçer.",
        "Veri eğitim için minigruplara bölünür."
    )]
    [InlineData(
        "vi",
        "Trong chương này, chúng ta huấn luyện mô hình hồi quy tuyến tính với $\\eta$ cố định.",
        "Hàm mất mát đo lỗi của mô hình trên từng ví dụ.",
        "Dữ liệu được chia thành các minibatch để huấn luyện."
    )]
    public void Synthetic_translations_lose_every_english_target(string lang, string t1, string t2, string t3)
    {
        const string e1 = "In this chapter we train the linear regression model with a fixed $\\eta$.";
        const string e2 = "The loss function measures the error of the model on each example.";
        const string e3 = "The data are split into minibatches for training.";
        const string e4 = "We will see later that this is not the only choice of the loss.";
        string English(params string[] s) => "# Linear Regression\n:label:`sec_lr`\n\n" + string.Join("\n\n", s) + "\n";
        var en = new Book(
            "en",
            "en",
            new Dictionary<string, string>
            {
                ["chapter_lr/linear-regression.md"] = English(e1, e2, e3, e4),
                ["contrib/draft.md"] = English(e1, e2, e3, e4),
                ["README.md"] = English(e1, e2),
            }
        );
        var target = new Book(
            lang,
            lang,
            new Dictionary<string, string>
            {
                // The last paragraph was left in English (as in d2l-pt's style guide and contributing pages).
                ["chapter_lr/linear-regression.md"] = English(t1, t2, t3, e4),
                ["contrib/draft.md"] = English(e1, e2, e3, e4),
                ["README.md"] = English(t1, t2),
            }
        );
        var book = BookAligner.Align(en, target);
        foreach (var level in new[] { PairLevel.Sentence, PairLevel.Paragraph })
        {
            var all = ParallelData.Mine(book, level, "en", lang, new MiningOptions());
            var pairsAndHeldOut = all.Pairs.Select(p => p.Target).ToList();
            Assert.DoesNotContain(all.Pairs, p =>
                LanguageIdentity.Identify(ProtectedSpans.ProseOnly(p.Target), LanguageProfile.For(lang))
                == LanguageVerdict.NotInLanguage
            );
            Assert.DoesNotContain(all.Pairs, p => p.Target.Contains("We will see later"));
            Assert.All(all.Pairs, p => Assert.Equal("chapter_lr/linear-regression.md", p.File));
            Assert.True(
                all.Rejected.GetValueOrDefault(ParallelData.NotInTargetLanguage) >= 1,
                string.Join(", ", all.Rejected)
            );
            Assert.True(
                all.Rejected.GetValueOrDefault(ParallelData.NotBookContent) >= 4,
                string.Join(", ", all.Rejected)
            );
            Assert.Contains(all.Noise, n =>
                n.Pair.Target.Contains("We will see later") && n.Reason == ParallelData.NotInTargetLanguage
            );

            // Asked for: non-book files are mined, but the untranslated draft still gives nothing.
            var asked = ParallelData.Mine(book, level, "en", lang, new MiningOptions { IncludeNonBookContent = true });
            Assert.DoesNotContain(asked.Pairs, p => p.File == "contrib/draft.md");
            Assert.True(
                asked.Rejected.GetValueOrDefault(ParallelData.UntranslatedFile) >= 3,
                string.Join(", ", asked.Rejected)
            );
            Assert.DoesNotContain(asked.Pairs, p =>
                LanguageIdentity.Identify(ProtectedSpans.ProseOnly(p.Target), LanguageProfile.For(lang))
                == LanguageVerdict.NotInLanguage
            );
        }
    }
}

/// <summary>The real d2l-zh: its non-book files, and one of its chapters put back to its English origin (an
/// untranslated file, as d2l-pt's and d2l-vi's contrib/ drafts are).</summary>
[Trait("Category", "Integration")]
public class NoiseFilterCorpusTests
{
    [Fact]
    public void D2l_zh_non_book_and_untranslated_files_give_no_pairs()
    {
        var en = BookReader.Load(TestData.EnglishRepo, "en");
        var zh = BookReader.Load(TestData.ChineseRepo, "zh");
        const string untranslated = "chapter_recurrent-modern/gru.md";
        var keep = new HashSet<string>
        {
            "README.md",
            "STYLE_GUIDE.md",
            "INFO.md",
            "chapter_recurrent-modern/lstm.md",
            untranslated,
            "contrib/chapter_recommender-systems/mf.md",
            "chapter_recurrent-neural-networks/rnn.md",
        };
        var zhFiles = zh
            .Files.Where(f => keep.Contains(f.Key) || keep.Contains(f.Key.Replace("_origin.md", ".md")))
            .ToDictionary();
        zhFiles[untranslated] = zh.Files[Book.OriginPathOf(untranslated)]; // left in English
        var enFiles = en
            .Files.Where(f => keep.Contains(f.Key) || f.Key == "chapter_recommender-systems/mf.md")
            .ToDictionary();
        var book = BookAligner.Align(en with { Files = enFiles }, zh with { Files = zhFiles });

        var sentences = ParallelData.Mine(book, PairLevel.Sentence, "en", "zh");
        Assert.DoesNotContain(sentences.Pairs, p => !ParallelData.IsBookContent(p.File));
        Assert.DoesNotContain(sentences.Pairs, p => p.File == untranslated);
        Assert.DoesNotContain(sentences.Pairs, p =>
            LanguageIdentity.Identify(ProtectedSpans.ProseOnly(p.Target), LanguageProfile.Chinese)
            == LanguageVerdict.NotInLanguage
        );
        Assert.True(
            sentences.Rejected.GetValueOrDefault(ParallelData.UntranslatedFile) > 20,
            string.Join(", ", sentences.Rejected)
        );
        Assert.True(sentences.Pairs.Count(p => p.File == "chapter_recurrent-modern/lstm.md") > 20);

        var asked = ParallelData.Mine(
            book,
            PairLevel.Sentence,
            "en",
            "zh",
            new MiningOptions { IncludeNonBookContent = true }
        );
        Assert.Contains(asked.Pairs, p => p.File == "contrib/chapter_recommender-systems/mf.md");
        Assert.DoesNotContain(asked.Pairs, p => p.File == untranslated);
        Assert.Empty(ParallelData.HeldOutSentences(book.Files.Single(f => f.Files.TargetPath == untranslated), "zh"));
    }
}
