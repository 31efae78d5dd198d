using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Entries = System.Collections.Generic.Dictionary<
    (Amts.Bot.Markdown.BlockKind, string),
    Amts.Bot.Translation.HumanText
>;

namespace Amts.Bot.Translation;

/// <summary>A human text of the book and where it stands: the translation's file and the 1-based line it
/// starts on.</summary>
internal sealed record HumanText(string Text, string Path, int Line)
{
    public string Where => $"{Path}:{Line}";
}

/// <summary>
/// The human translations of a whole book: every translated file aligned with its <c>_origin.md</c> (the English it
/// was made from), at two levels. <see cref="Blocks"/> maps a whole English paragraph, list, quote or heading to the
/// human block of the same kind (its own line breaks kept); <see cref="Sentences"/> maps an English sentence of a
/// block of one kind to the human sentences of a block of that kind. Reused English anywhere in the book (a moved
/// paragraph, a section split into a new file) finds its human translation, and where it stands.
/// </summary>
/// <remarks>
/// Only what is certain is remembered, and only an exactly equal English text of the same block kind finds it: a
/// block only when the alignment paired it one to one and every one of its sentences with a human sentence (a
/// translation that glued a heading to the list after it pairs the heading's one sentence with nothing, and the
/// list with nothing: it is not the heading's translation). Where the book translated the same English in different
/// ways, the way it used most often is taken. A reuse is still a guess about a new place, so every one is listed for
/// review with the file and line it came from (<see cref="Note"/>).
/// The book is aligned on the first lookup (a few seconds for d2l-zh), so a run with nothing new to translate never
/// pays for it. As an engine (the offline one) it answers a segment from <see cref="Sentences"/>.
/// </remarks>
internal sealed class BookMemory : ITranslationEngine
{
    /// <summary>The block kinds remembered whole and sentence by sentence.</summary>
    static readonly BlockKind[] Kinds = [BlockKind.Paragraph, BlockKind.List, BlockKind.Quote, BlockKind.Heading];

    /// <summary>At most this many places are named in a review note; the rest are counted.</summary>
    const int MaxNamed = 3;

    /// <summary>A sentence shape (its words, protected spans masked) is the book's convention to keep in English when
    /// the book wrote its words verbatim at least this often: three is the least that is a habit rather than a
    /// sentence left untranslated by chance.</summary>
    const int MinKeptInEnglish = 3;

    /// <summary>… and wrote them otherwise in at most this share of the pairs: of the 277 <c>[Discussions](…)</c>
    /// links d2l-zh's alignment pairs with confidence, 275 keep the English words (to zh's own threads) and 2 pair
    /// with other text; a shape the book really translates is translated far more often than that.</summary>
    const double MaxOtherwiseShare = 0.02;

    readonly Lazy<(Entries Blocks, Entries Sentences, HashSet<string> Kept)> memory;

    /// <summary>(block kind, English block without its final newline) → the human block.</summary>
    public IReadOnlyDictionary<(BlockKind Kind, string English), HumanText> Blocks => memory.Value.Blocks;

    /// <summary>(block kind, English sentence flattened to one line) → the human sentence(s).</summary>
    public IReadOnlyDictionary<(BlockKind Kind, string English), HumanText> Sentences => memory.Value.Sentences;
    public string Name => "memory";

    BookMemory(Func<(Entries, Entries, HashSet<string>)> build) => memory = new(build);

    /// <summary>Aligns every content file of <paramref name="translation"/> that has an <c>_origin.md</c> with it
    /// (line endings normalised: they are no part of the text). A file without one is aligned with the English its
    /// last sync recorded, when <paramref name="recordedEnglish"/> (path → that English, read only when the memory is
    /// first asked) has it: a translation that never kept <c>_origin.md</c> files (d2l-pt) has a memory too, once
    /// synced.</summary>
    public static BookMemory Build(
        Book translation,
        string sourceLanguage,
        Func<IReadOnlyDictionary<string, string>>? recordedEnglish = null
    ) =>
        new(() =>
        {
            var files = translation.Files.ToDictionary(
                f => f.Key,
                f => LineEndings.ToLf(f.Value),
                StringComparer.Ordinal
            );
            if (recordedEnglish?.Invoke() is { } recorded)
                foreach (var (path, english) in recorded)
                    if (files.ContainsKey(path))
                        files.TryAdd(Book.OriginPathOf(path), LineEndings.ToLf(english));
            var book = translation with { Files = files };
            var pairs = book
                .ContentPaths.Where(p => book.Files.ContainsKey(Book.OriginPathOf(p)))
                .Select(p => new FilePair(p, p, true, "origin"))
                .ToList();
            if (pairs.Count == 0)
                return ([], [], []);
            var aligned = BookAligner.Align(
                new FileMapping(pairs, [], []),
                book with
                {
                    Language = sourceLanguage,
                },
                book
            );
            return Collect(aligned.Files);
        });

    public Task<IReadOnlyList<TranslationResult>> TranslateAsync(
        IReadOnlyList<string> segments,
        string sourceLanguage,
        string targetLanguage,
        CancellationToken cancellationToken = default
    ) =>
        Task.FromResult<IReadOnlyList<TranslationResult>>(
            segments
                .Select(s =>
                    Answer(s) is { } human ? TranslationResult.Hit(human.Text)
                    : KeptInEnglish(s) ? TranslationResult.Hit(s)
                    : TranslationResult.NotFound("not in the book's memory (no exactly equal English sentence)")
                )
                .ToList()
        );

    /// <summary>Whether the book keeps sentences of this shape (<see cref="TranslationMemory.Key"/>: its words, its
    /// protected spans masked) in English by convention (<see cref="MinKeptInEnglish"/>): writing the new English
    /// sentence as it is then follows the translators' own rule and moves no human text.</summary>
    public bool KeptInEnglish(string segment) => memory.Value.Kept.Contains(TranslationMemory.Key(segment).Key);

    static (Entries, Entries, HashSet<string>) Collect(IEnumerable<FileAlignment> files)
    {
        var blocks = new Dictionary<(BlockKind, string), List<HumanText>>();
        var sentences = new Dictionary<(BlockKind, string), List<HumanText>>();
        var verbatim = new Dictionary<string, (int Kept, int Translated)>(StringComparer.Ordinal);
        static void Add(Dictionary<(BlockKind, string), List<HumanText>> to, (BlockKind, string) key, HumanText human)
        {
            if (!to.TryGetValue(key, out var list))
                to[key] = list = [];
            list.Add(human);
        }
        foreach (var f in files)
        {
            var path = f.Files.TargetPath;
            foreach (var aligned in f.Sentences)
            {
                var p = aligned.Blocks;
                var sourceBlocks = p.Source.Select(i => f.Source.Blocks[i]).ToList();
                var targetBlocks = p.Target.Select(i => f.Target.Blocks[i]).ToList();
                if (
                    p.Source.Count == 1
                    && p.Target.Count == 1
                    && p.Confidence >= BookAligner.LowConfidence
                    && Kinds.Contains(sourceBlocks[0].Kind)
                    && targetBlocks[0].Kind == sourceBlocks[0].Kind
                    && Whole(aligned.Sentences)
                )
                {
                    var human = new HumanText(targetBlocks[0].Text.TrimEnd('\n'), path, targetBlocks[0].Line);
                    Add(blocks, (sourceBlocks[0].Kind, sourceBlocks[0].Text.TrimEnd('\n')), human);
                }
                // The sentences as the aligner saw them, for the block each one stands in and its line.
                var (ss, ts) = (aligned.SourceSentences, aligned.TargetSentences);
                foreach (var s in aligned.Sentences)
                {
                    if (s.Source.Count != 1 || s.Target.Count == 0)
                        continue;
                    if (s.Confidence < ParallelData.MinSentenceConfidence)
                        continue;
                    if (s.Source[0] >= ss.Count || s.Target.Any(t => t >= ts.Count))
                        continue;
                    var kind = BlockAt(sourceBlocks, ss[s.Source[0]].Span.Start)?.Kind;
                    var at = BlockAt(targetBlocks, ts[s.Target[0]].Span.Start);
                    if (kind is not { } k || !Kinds.Contains(k) || at == null)
                        continue;
                    if (!s.Target.All(t => BlockAt(targetBlocks, ts[t].Span.Start)?.Kind == k))
                        continue;
                    int offset = ts[s.Target[0]].Span.Start;
                    int line = at.Line + at.Text.AsSpan(0, Math.Min(offset - at.Offset, at.Text.Length)).Count('\n');
                    Add(sentences, (k, s.SourceText), new HumanText(s.TargetText, path, line));
                    // Kept in English: the same words, whatever spans the translators put in (d2l-zh links its own
                    // discussion threads).
                    var shape = TranslationMemory.Key(s.SourceText).Key;
                    var (kept, translated) = verbatim.GetValueOrDefault(shape);
                    verbatim[shape] =
                        TranslationMemory.Key(s.TargetText).Key == shape
                            ? (kept + 1, translated)
                            : (kept, translated + 1);
                }
            }
        }
        var keptInEnglish = verbatim
            .Where(v => v.Value.Kept >= MinKeptInEnglish && v.Value.Translated <= MaxOtherwiseShare * v.Value.Kept)
            .Select(v => v.Key)
            .ToHashSet(StringComparer.Ordinal);
        return (Pick(blocks), Pick(sentences), keptInEnglish);
    }

    /// <summary>Whether every sentence of a block pair is paired with confidence, on both sides.</summary>
    static bool Whole(IReadOnlyList<SentencePair> pairs) =>
        pairs.Count > 0
        && pairs.All(s => s.Source.Count > 0 && s.Target.Count > 0)
        && pairs.All(s => s.Confidence >= ParallelData.MinSentenceConfidence);

    static Block? BlockAt(List<Block> blocks, int offset) =>
        blocks.FirstOrDefault(b => offset >= b.Offset && offset < b.Offset + b.Text.Length);

    /// <summary>For each English text the human text the book gave it most often (on a tie the first, in the order
    /// of the book's files), with the place it first stands.</summary>
    static Entries Pick(Dictionary<(BlockKind, string), List<HumanText>> all) =>
        all.ToDictionary(
            kv => kv.Key,
            kv =>
                kv.Value.GroupBy(h => h.Text, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().First()
        );

    /// <summary>The human translation of a whole English block of the same kind and exactly the same text, if the
    /// book has one.</summary>
    public HumanText? FindBlock(Block block) =>
        Kinds.Contains(block.Kind)
            ? Blocks.GetValueOrDefault((block.Kind, LineEndings.ToLf(block.Text).TrimEnd('\n')))
            : null;

    /// <summary>The human block's text (<see cref="FindBlock"/>).</summary>
    public string? Block(Block block) => FindBlock(block)?.Text;

    /// <summary>The human translation of an English sentence (flattened to one line) of a block of
    /// <paramref name="kind"/>; none for a sentence the book keeps in English (<see cref="KeptInEnglish"/>), which
    /// is written as it is rather than taken from another place.</summary>
    public HumanText? FindSentence(BlockKind kind, string sentence) =>
        KeptInEnglish(sentence) ? null : Sentences.GetValueOrDefault((kind, sentence));

    /// <summary>What the memory answers as an engine, which is not told the block a segment comes from: the
    /// human translation of an exactly equal English sentence, a paragraph's first, then a list's, a quote's, a
    /// heading's; none for a sentence the book keeps in English (<see cref="KeptInEnglish"/>).</summary>
    public HumanText? Answer(string segment)
    {
        if (KeptInEnglish(segment))
            return null;
        foreach (var kind in Kinds)
            if (Sentences.GetValueOrDefault((kind, segment)) is { } human)
                return human;
        return null;
    }

    /// <summary>What a change that took human text from the memory says: "human text reused from FILE:LINE,
    /// …".</summary>
    public static string Note(IEnumerable<HumanText> reused)
    {
        var places = reused.Select(h => h.Where).Distinct(StringComparer.Ordinal).ToList();
        var named = string.Join(", ", places.Take(MaxNamed));
        if (places.Count > MaxNamed)
            named += $" and {places.Count - MaxNamed} more";
        return $"human text reused from {named} (the book's memory): check that it fits here";
    }
}
