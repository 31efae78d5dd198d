using Amts.Bot.Markdown;

namespace Amts.Bot.Alignment;

/// <summary>An English file and its translation. <see cref="SourceFromOrigin"/>: the English side is the target's
/// <c>_origin.md</c> (the exact English it was translated from), else the English book's file.</summary>
internal sealed record FilePair(string SourcePath, string TargetPath, bool SourceFromOrigin, string How);

internal sealed record FileMapping(
    IReadOnlyList<FilePair> Pairs,
    IReadOnlyList<string> UnmappedSource,
    IReadOnlyList<string> UnmappedTarget
);

/// <summary>A block pair's sentence alignment, with the sentences it was made of (<see
/// cref="SentenceAligner.SentencesOf"/> of the pair's source and target blocks: what a reader of the alignment would
/// otherwise split again).</summary>
internal sealed record AlignedSentences(
    BlockPair Blocks,
    IReadOnlyList<SentencePair> Sentences,
    IReadOnlyList<Sentence> SourceSentences,
    IReadOnlyList<Sentence> TargetSentences
);

/// <summary>Everything known about one file pair; <see cref="Source"/> is the English actually aligned (origin or
/// book).</summary>
internal sealed record FileAlignment(
    FilePair Files,
    MarkdownDocument Source,
    MarkdownDocument Target,
    IReadOnlyList<BlockPair> Blocks,
    IReadOnlyList<AlignedSentences> Sentences
)
{
    /// <summary>The target blocks aligned with a source block index, or empty.</summary>
    public IReadOnlyList<int> TargetOf(int sourceBlock) =>
        Blocks.FirstOrDefault(p => p.Source.Contains(sourceBlock))?.Target ?? [];
}

internal sealed record BookAlignment(FileMapping Mapping, IReadOnlyList<FileAlignment> Files, LengthModel Lengths);

/// <summary>Maps the files of an English book to a translation and aligns every pair (the library entry
/// point).</summary>
internal static class BookAligner
{
    public const double LowConfidence = 0.45;

    public static FileMapping MapFiles(Book source, Book target)
    {
        var pairs = new List<FilePair>();
        var targetLeft = target.ContentPaths.ToHashSet(StringComparer.Ordinal);
        var sourceLeft = new List<string>();
        foreach (var path in source.Files.Keys.Order(StringComparer.Ordinal))
        {
            if (targetLeft.Remove(path))
                pairs.Add(new FilePair(path, path, target.Files.ContainsKey(Book.OriginPathOf(path)), "same path"));
            else
                sourceLeft.Add(path);
        }
        // Moved files: the one with the most shared anchors (labels, figure paths, code) wins, if they share enough.
        var targetAnchors = targetLeft.ToDictionary(p => p, p => FileAnchors(target.Files[p]));
        var unmapped = new List<string>();
        foreach (var path in sourceLeft)
        {
            var anchors = FileAnchors(source.Files[path]);
            var best = targetAnchors
                .Where(t => targetLeft.Contains(t.Key))
                .Select(t => (Path: t.Key, Shared: t.Value.Count(anchors.Contains)))
                .OrderByDescending(x => x.Shared)
                .ThenBy(x => x.Path, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Path != null && best.Shared >= Math.Max(2, anchors.Count / 4))
            {
                targetLeft.Remove(best.Path);
                pairs.Add(
                    new FilePair(
                        path,
                        best.Path,
                        target.Files.ContainsKey(Book.OriginPathOf(best.Path)),
                        $"{best.Shared} shared anchors"
                    )
                );
            }
            else
                unmapped.Add(path);
        }
        return new FileMapping(pairs, unmapped, targetLeft.Order(StringComparer.Ordinal).ToList());
    }

    static HashSet<string> FileAnchors(string text) => ContentUnits.Of(MarkdownDocument.Parse(text), withProse: false);

    public static BookAlignment Align(Book source, Book target) => Align(MapFiles(source, target), source, target);

    /// <summary>Aligns the given file pairs (a pair whose English is its <c>_origin.md</c> needs nothing from
    /// <paramref name="source"/>).</summary>
    public static BookAlignment Align(FileMapping mapping, Book source, Book target)
    {
        var docs = mapping
            .Pairs.Select(p =>
                (
                    Pair: p,
                    Source: Features(
                        MarkdownDocument.Parse(
                            p.SourceFromOrigin
                                ? target.Files[Book.OriginPathOf(p.TargetPath)]
                                : source.Files[p.SourcePath],
                            p.SourceFromOrigin ? Book.OriginPathOf(p.TargetPath) : p.SourcePath
                        )
                    ),
                    Target: Features(MarkdownDocument.Parse(target.Files[p.TargetPath], p.TargetPath))
                )
            )
            .ToList();

        // The length ratio comes from the corpus itself: first the book-wide ratio of prose, then, after a first
        // alignment, the ratio and spread of confidently aligned pairs.
        long sourceProse = docs.Sum(d => (long)d.Source.F.Where(f => f.Kind == AlignKind.Prose).Sum(f => f.Length));
        long targetProse = docs.Sum(d => (long)d.Target.F.Where(f => f.Kind == AlignKind.Prose).Sum(f => f.Length));
        var initial = new LengthModel(sourceProse > 0 ? (double)targetProse / sourceProse : 1.0, 0.6, 1.0);
        var firstPass = new BlockAligner(initial);
        var samples = new List<(int, int)>();
        foreach (var d in docs)
        foreach (var p in firstPass.Align(d.Source.F, d.Target.F))
            if (
                p.Source.Count == 1
                && p.Target.Count == 1
                && p.Confidence >= 0.7
                && d.Source.ByIndex[p.Source[0]].Kind == AlignKind.Prose
            )
                samples.Add((d.Source.ByIndex[p.Source[0]].Length, d.Target.ByIndex[p.Target[0]].Length));
        var lengths = LengthModel.Learn(samples, initial);

        var results = new FileAlignment[docs.Count];
        Parallel.For(0, docs.Count, k =>
        {
            var d = docs[k];
            results[k] = AlignFile(
                d.Pair,
                d.Source.Doc,
                d.Target.Doc,
                d.Source.F,
                d.Target.F,
                lengths,
                source.Language,
                target.Language
            );
        });
        return new BookAlignment(mapping, results, lengths);
    }

    sealed record Featured(MarkdownDocument Doc, List<BlockFeatures> F, Dictionary<int, BlockFeatures> ByIndex);

    static Featured Features(MarkdownDocument doc)
    {
        var f = doc
            .Blocks.Select((b, i) => (b, i))
            .Where(x => x.b.Kind != BlockKind.Blank)
            .Select(x => BlockFeatures.Of(x.b, x.i))
            .ToList();
        return new Featured(doc, f, f.ToDictionary(x => x.Index));
    }

    /// <summary>Aligns one file pair (what the sync engine calls for each changed file).</summary>
    public static FileAlignment AlignFile(
        FilePair files,
        MarkdownDocument source,
        MarkdownDocument target,
        LengthModel lengths,
        string sourceLanguage,
        string targetLanguage
    )
    {
        var s = Features(source);
        var t = Features(target);
        return AlignFile(files, source, target, s.F, t.F, lengths, sourceLanguage, targetLanguage);
    }

    static FileAlignment AlignFile(
        FilePair files,
        MarkdownDocument source,
        MarkdownDocument target,
        List<BlockFeatures> sf,
        List<BlockFeatures> tf,
        LengthModel lengths,
        string sourceLanguage,
        string targetLanguage
    )
    {
        var blocks = new BlockAligner(lengths).Align(sf, tf);
        var sentenceAligner = new SentenceAligner(new GaleChurchWithAnchors(lengths), sourceLanguage, targetLanguage);
        var sentences = new List<AlignedSentences>();
        foreach (var p in blocks)
        {
            if (p.Source.Count == 0 || p.Target.Count == 0 || p.Confidence < LowConfidence)
                continue;
            var sb = p.Source.Select(i => source.Blocks[i]).ToList();
            var tb = p.Target.Select(i => target.Blocks[i]).ToList();
            if (!sb.All(b => b.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading))
                continue;
            var ss = SentenceAligner.SentencesOf(sb, sourceLanguage);
            var ts = SentenceAligner.SentencesOf(tb, targetLanguage);
            if (ss.Count == 0 || ts.Count == 0)
                continue;
            sentences.Add(new AlignedSentences(p, sentenceAligner.Align(ss, ts), ss, ts));
        }
        return new FileAlignment(files, source, target, blocks, sentences);
    }
}
