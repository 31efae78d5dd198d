using Amts.Bot.Alignment;
using Amts.Bot.Errors;
using Amts.Bot.Languages;

namespace Amts.Bot.Evaluation;

/// <summary>An evaluated article: its file pair's alignment and its test pairs (English, translation).</summary>
internal sealed record StudyArticle(
    string Name,
    FileAlignment File,
    IReadOnlyList<(string English, string Translation)> Pairs
);

/// <summary>
/// The AMTS study as data: which articles are measured (found by file name in the book), their test sentences (every
/// confident, clean sentence pair of the article — the article is never in the parallel data), and the mining options
/// that keep the evaluated articles out of the parallel data of every system.
/// </summary>
internal static class Study
{
    /// <summary>The five d2l articles of the AMTS study.</summary>
    public static readonly IReadOnlyList<string> DefaultArticles =
    [
        "approx-training",
        "bert-dataset",
        "language-models-and-dataset",
        "machine-translation-and-dataset",
        "sentiment-analysis-and-dataset",
    ];

    /// <summary>Amazon Translate list prices, US$ per million characters: real time (TranslateText) and batch with
    /// parallel data (Active Custom Translation), from the Amazon Translate pricing page.</summary>
    public const decimal RealTimePricePerMillion = 15m,
        CustomPricePerMillion = 60m;

    public static IReadOnlyList<StudyArticle> FindArticles(
        BookAlignment book,
        IEnumerable<string> names,
        string targetLanguage
    )
    {
        var result = new List<StudyArticle>();
        foreach (var name in names)
        {
            var stem = name.EndsWith(".md", StringComparison.Ordinal) ? name[..^3] : name;
            var matches = book
                .Files.Where(f =>
                    Path.GetFileNameWithoutExtension(f.Files.TargetPath) == stem || f.Files.TargetPath == name
                )
                .ToList();
            if (matches.Count == 0)
                throw AmtsException.Input(
                    $"evaluate: article '{name}' is not a file of the book's translation (looked for {stem}.md among "
                        + $"{book.Files.Count} aligned files)",
                    "give the file name of an article that exists in both books, e.g. bert-dataset"
                );
            if (matches.Count > 1)
                throw AmtsException.Input(
                    $"evaluate: article '{name}' names several files: "
                        + $"{string.Join(", ", matches.Select(m => m.Files.TargetPath))}",
                    "give its path instead"
                );
            var file = matches[0];
            result.Add(new StudyArticle(stem, file, TestPairs(file, targetLanguage)));
        }
        return result;
    }

    /// <summary>The article's test pairs: sentence pairs as confident as parallel data, clean and in the
    /// language.</summary>
    public static IReadOnlyList<(string, string)> TestPairs(FileAlignment file, string targetLanguage)
    {
        var profile = LanguageProfile.For(targetLanguage);
        return file
            .Sentences.SelectMany(s => s.Sentences)
            .Where(p => p.Source.Count > 0 && p.Target.Count > 0 && p.Confidence >= ParallelData.MinSentenceConfidence)
            .Where(p =>
                ParallelData.Check(p.SourceText, p.TargetText) == null
                && ParallelData.Noise(p.SourceText, p.TargetText, profile) == null
            )
            .Select(p => (p.SourceText, p.TargetText))
            .ToList();
    }

    /// <summary>Mining options that leave the evaluated articles out of the parallel data.</summary>
    public static MiningOptions Excluding(IEnumerable<StudyArticle> articles)
    {
        var paths = articles.Select(a => a.File.Files.TargetPath).ToHashSet(StringComparer.Ordinal);
        return new MiningOptions { Exclude = f => paths.Contains(f.TargetPath) };
    }

    /// <summary>The same pairs the other way round (for translation → English).</summary>
    public static ParallelCorpus Reverse(ParallelCorpus corpus) =>
        new(
            corpus.TargetLanguage,
            corpus.SourceLanguage,
            corpus.Level,
            corpus.Pairs.Select(p => p with { Source = p.Target, Target = p.Source }).ToList(),
            corpus.Rejected
        );
}
