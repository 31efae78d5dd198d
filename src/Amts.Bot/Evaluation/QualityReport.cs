using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Languages;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Evaluation;

/// <summary>One changed file's test sentences: the held-out human pairs (never in the parallel data), and the others
/// (what a memory built from the file may hold).</summary>
internal sealed record QualitySample(
    string Article,
    IReadOnlyList<SentencePair> HeldOut,
    IReadOnlyList<SentencePair> Others
);

/// <summary>
/// The quality figures of a sync pull request: BLEU and chrF of each system on the held-out human sentences of the
/// changed files, scored with the metrics the language's profile trusts, each figure with its sample size and 95 %
/// interval. The test sentences are exactly those extract holds out of the parallel data
/// (<see cref="ParallelData.HeldOutSentences"/>), found by aligning each translation with its <c>_origin.md</c> under a
/// length model learned from that file pair (no fixed ratio: Turkish runs about as long as English, Chinese a third).
/// An engine that cannot translate (the memory engine) gets no figure: the report says what it did instead.
/// </summary>
internal static class QualityReport
{
    public const string Heading = "### Translation quality on held-out human sentences";

    /// <summary>At most this many test sentences per file are translated (a bound on cost: 200 sentences of about 150
    /// characters are 30,000 characters, $0.45 at Amazon Translate's list price).</summary>
    public const int MaxSentencesPerFile = 200;

    /// <summary>Below this many held-out sentences a file's figures are noise; it is left out (and said so).</summary>
    public const int MinSentencesPerFile = 3;

    /// <summary>The file's own length model, learned as the book aligner learns the book's: a first alignment with the
    /// ratio of the two files' prose lengths, then the ratio and spread of its confident one-to-one prose blocks
    /// (too few: the prose ratio stands; no prose: the language's prior).</summary>
    public static LengthModel LearnLengths(MarkdownDocument source, MarkdownDocument target, string targetLanguage)
    {
        static List<BlockFeatures> Features(MarkdownDocument d) =>
            d
                .Blocks.Select((b, i) => (b, i))
                .Where(x => x.b.Kind != BlockKind.Blank)
                .Select(x => BlockFeatures.Of(x.b, x.i))
                .ToList();
        var sf = Features(source);
        var tf = Features(target);
        long sp = sf.Where(f => f.Kind == AlignKind.Prose).Sum(f => (long)f.Length);
        long tp = tf.Where(f => f.Kind == AlignKind.Prose).Sum(f => (long)f.Length);
        var initial = new LengthModel(
            sp > 0 && tp > 0 ? (double)tp / sp : LanguageProfile.For(targetLanguage).LengthPrior,
            0.6,
            1.0
        );
        var byIndex = sf.ToDictionary(f => f.Index);
        var tIndex = tf.ToDictionary(f => f.Index);
        var samples = new BlockAligner(initial)
            .Align(sf, tf)
            .Where(p =>
                p.Source.Count == 1
                && p.Target.Count == 1
                && p.Confidence >= 0.7
                && byIndex[p.Source[0]].Kind == AlignKind.Prose
            )
            .Select(p => (byIndex[p.Source[0]].Length, tIndex[p.Target[0]].Length));
        return LengthModel.Learn(samples, initial);
    }

    /// <summary>The test sentences of the changed files of a translation work tree (paths relative to it); a file
    /// without its <c>_origin.md</c> has none.</summary>
    public static IReadOnlyList<QualitySample> Samples(
        string translationRoot,
        IEnumerable<string> targetPaths,
        string targetLanguage
    )
    {
        var samples = new List<QualitySample>();
        foreach (var path in targetPaths)
        {
            var originPath = Path.Combine(translationRoot, Book.OriginPathOf(path));
            var targetPath = Path.Combine(translationRoot, path);
            if (!File.Exists(originPath) || !File.Exists(targetPath))
                continue;
            var source = MarkdownDocument.Parse(SourceText.ReadFile(originPath), Book.OriginPathOf(path));
            var target = MarkdownDocument.Parse(SourceText.ReadFile(targetPath), path);
            samples.Add(Sample(new FilePair(path, path, true, "quality"), source, target, targetLanguage));
        }
        return samples;
    }

    public static QualitySample Sample(
        FilePair files,
        MarkdownDocument source,
        MarkdownDocument target,
        string targetLanguage
    )
    {
        var alignment = BookAligner.AlignFile(
            files,
            source,
            target,
            LearnLengths(source, target, targetLanguage),
            "en",
            targetLanguage
        );
        var heldOut = ParallelData.HeldOutSentences(alignment, targetLanguage);
        var others = alignment
            .Sentences.SelectMany(s => s.Sentences)
            .Where(p => p.Source.Count > 0 && p.Target.Count > 0 && !ParallelData.IsHeldOut(p.SourceText))
            .ToList();
        return new QualitySample(files.TargetPath, heldOut, others);
    }

    /// <summary>
    /// The comment's Markdown. <paramref name="systems"/>: the systems to compare side by side (e.g. with and without
    /// parallel data); when none are given, the sync's own engine, or — for the memory engine, which does not translate
    /// — what it found instead of a figure.
    /// </summary>
    public static async Task<string> MarkdownAsync(
        IReadOnlyList<QualitySample> samples,
        string targetLanguage,
        ITranslationEngine? engine,
        IReadOnlyList<(string System, ITranslationEngine Engine)>? systems,
        CancellationToken ct = default
    )
    {
        var profile = LanguageProfile.For(targetLanguage);
        var sb = new StringBuilder(Heading).Append("\n\n");
        var usable = samples.Where(s => s.HeldOut.Count >= MinSentencesPerFile).ToList();
        int found = samples.Sum(s => s.HeldOut.Count);
        if (usable.Count == 0)
        {
            sb.Append(
                $"No changed file had {MinSentencesPerFile} or more held-out aligned sentences to measure ({found} "
                    + $"found in {samples.Count} file(s)).\n"
            );
            return sb.ToString();
        }
        if (systems is not { Count: > 0 })
        {
            if (engine is null or TranslationMemory || engine.Name == "memory")
            {
                int hits = 0,
                    total = 0;
                foreach (var s in usable)
                {
                    var memory = new TranslationMemory(s.Others.Select(p => (p.SourceText, p.TargetText)));
                    var batch = s.HeldOut.Take(MaxSentencesPerFile).Select(p => p.SourceText).ToList();
                    var results = await memory.TranslateAsync(batch, "en", targetLanguage, ct);
                    hits += results.Count(r => r.Text != null);
                    total += batch.Count;
                }
                sb.Append(
                    "No BLEU or chrF for the `memory` engine: it does not translate, it reuses the translation's "
                        + "own human sentences "
                        + $"where the English is unchanged. Of the {total} held-out sentences of the changed files "
                        + $"(never in its memory) it found {hits}; "
                        + "a figure would score untranslated English against the human text. Configure an engine "
                        + "that translates (`aws`, "
                        + "or `apertium` for "
                        + string.Join(
                            ", ",
                            LanguageProfile.All.Where(p => p.ApertiumCode != null && p.Code != "en").Select(p => p.Code)
                        )
                        + ") to measure quality.\n"
                );
                return sb.ToString();
            }
            systems = [(engine.Name, engine)];
        }
        // One engine call per system for every file's test sentences (a batch engine starts one job, not one per file),
        // then the answers are cut back into the files in order.
        int untranslated = 0;
        var tests = usable.Select(s => s.HeldOut.Take(MaxSentencesPerFile).ToList()).ToList();
        var sources = tests.SelectMany(t => t.Select(p => p.SourceText)).ToList();
        var outputsPerFile = tests.Select(_ => new List<SystemOutput>()).ToList();
        foreach (var (name, e) in systems)
        {
            var translated = await e.TranslateAsync(sources, "en", targetLanguage, ct);
            untranslated += translated.Count(r => r.Text == null);
            int offset = 0;
            for (int f = 0; f < tests.Count; f++)
            {
                outputsPerFile[f]
                    .Add(
                        new SystemOutput(
                            name,
                            translated.Skip(offset).Take(tests[f].Count).Select(r => r.Text ?? "").ToList()
                        )
                    );
                offset += tests[f].Count;
            }
        }
        var articles = usable
            .Select(
                (s, f) => new ArticleOutputs(s.Article, tests[f].Select(p => p.TargetText).ToList(), outputsPerFile[f])
            )
            .ToList();
        sb.Append(EvaluationTable.RenderMarkdown(EvaluationTable.ScoreFor(articles, profile)));
        sb.Append($"\nTest sentences: {found} held out of the parallel data in {samples.Count} changed file(s)");
        if (usable.Count < samples.Count)
            sb.Append($"; {samples.Count - usable.Count} file(s) with fewer than {MinSentencesPerFile} left out");
        if (articles.Sum(a => a.References.Count) < usable.Sum(s => s.HeldOut.Count))
            sb.Append($"; at most {MaxSentencesPerFile} per file translated");
        sb.Append(".\n");
        if (untranslated > 0)
            sb.Append($"{untranslated} sentence(s) came back untranslated and are scored as empty.\n");
        return sb.ToString();
    }
}
