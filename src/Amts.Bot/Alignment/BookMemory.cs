using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Alignment;

/// <summary>
/// The human translations of a whole book: every translated file aligned with its <c>_origin.md</c> (the English it
/// was made from), at two levels. <see cref="Blocks"/> maps a whole English paragraph, list, quote or heading to the
/// human block (its own line breaks kept); <see cref="Sentences"/> maps English sentences to human sentences. Reused
/// English anywhere in the book (a moved paragraph, a section split into a new file) finds its human translation.
/// </summary>
/// <remarks>The book is aligned on the first lookup (a few seconds for d2l-zh), so a run with nothing new to
/// translate never pays for it. As an engine (the offline one) it answers from <see cref="Sentences"/>.</remarks>
public sealed class BookMemory : ITranslationEngine
{
    readonly Lazy<(TranslationMemory Blocks, TranslationMemory Sentences)> memory;

    public TranslationMemory Blocks => memory.Value.Blocks;
    public TranslationMemory Sentences => memory.Value.Sentences;
    public string Name => "memory";

    BookMemory(Func<(TranslationMemory, TranslationMemory)> build) => memory = new(build);

    /// <summary>Aligns every content file of <paramref name="translation"/> that has an <c>_origin.md</c> with it.</summary>
    public static BookMemory Build(Book translation, string sourceLanguage) => new(() =>
    {
        var pairs = translation.ContentPaths.Where(p => translation.Files.ContainsKey(Book.OriginPathOf(p)))
            .Select(p => new FilePair(p, p, true, "origin")).ToList();
        if (pairs.Count == 0) return (new TranslationMemory([]), new TranslationMemory([]));
        return Collect(BookAligner.Align(new FileMapping(pairs, [], []), translation with { Language = sourceLanguage }, translation).Files);
    });

    public static BookMemory From(IEnumerable<FileAlignment> files) => new(() => Collect(files));

    public Task<IReadOnlyList<TranslationResult>> TranslateAsync(IReadOnlyList<string> segments, string sourceLanguage, string targetLanguage, CancellationToken cancellationToken = default) =>
        Sentences.TranslateAsync(segments, sourceLanguage, targetLanguage, cancellationToken);

    static (TranslationMemory, TranslationMemory) Collect(IEnumerable<FileAlignment> files)
    {
        var blocks = new List<(string, string)>();
        var sentences = new List<(string, string)>();
        foreach (var f in files)
        {
            foreach (var p in f.Blocks)
            {
                if (p.Source.Count != 1 || p.Target.Count != 1 || p.Confidence < BookAligner.LowConfidence) continue;
                Block s = f.Source.Blocks[p.Source[0]], t = f.Target.Blocks[p.Target[0]];
                if (s.Kind is not (BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading) || t.Kind != s.Kind) continue;
                blocks.Add((s.Text.TrimEnd('\n'), t.Text.TrimEnd('\n')));
            }
            sentences.AddRange(f.Sentences.SelectMany(s => s.Sentences)
                .Where(p => p.Source.Count == 1 && p.Target.Count > 0 && p.Confidence >= ParallelData.MinSentenceConfidence)
                .Select(p => (p.SourceText, p.TargetText)));
        }
        return (new TranslationMemory(blocks), new TranslationMemory(sentences));
    }

    /// <summary>The human translation of a whole English block, if the book has one.</summary>
    public string? Block(Block block) => block.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading
        ? Blocks.Lookup(block.Text.TrimEnd('\n')).Text : null;

    public string? Sentence(string sentence) => Sentences.Lookup(sentence).Text;
}
