using Amts.Bot.Markdown;

namespace Amts.Bot.Translation;

/// <summary>
/// The offline engine: the target's own human translations, sentence by sentence, looked up by exact match after
/// normalising whitespace and protected spans. A sentence that differs from a remembered one only inside its
/// protected spans (a fixed formula, a new URL) reuses the human sentence with those spans replaced.
/// </summary>
internal sealed class TranslationMemory : ITranslationEngine
{
    sealed record Entry(IReadOnlyList<string> Spans, string Target);

    readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public string Name => "memory";
    public int Count => entries.Count;

    /// <summary>Whether the sync is to fill this memory with the changed files' own human sentence pairs (the
    /// <c>memory</c> engine of the factory), rather than use it as given.</summary>
    public bool FromBook { get; private init; }

    /// <summary>The memory engine of a sync: empty here, filled by the sync from the book.</summary>
    public static TranslationMemory ForBook() => new([]) { FromBook = true };

    public TranslationMemory(IEnumerable<(string Source, string Target)> pairs)
    {
        foreach (var (source, target) in pairs)
        {
            var (key, spans) = Key(source);
            entries.TryAdd(key, new Entry(spans, target));
        }
    }

    public static (string Key, IReadOnlyList<string> Spans) Key(string sentence)
    {
        var spans = ProtectedSpans.Find(sentence);
        var key = string.Join(
            ' ',
            ProtectedSpans
                .Replace(sentence, spans, "\u0001")
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        );
        return (key, spans.Select(s => s.Text(sentence)).ToList());
    }

    public TranslationResult Lookup(string sentence)
    {
        var (key, spans) = Key(sentence);
        if (!entries.TryGetValue(key, out var entry))
            return TranslationResult.NotFound("not in the translation memory");
        var target = entry.Target;
        for (int i = 0; i < spans.Count; i++)
        {
            if (spans[i] == entry.Spans[i])
                continue;
            int at = target.IndexOf(entry.Spans[i], StringComparison.Ordinal);
            if (at < 0 || target.IndexOf(entry.Spans[i], at + 1, StringComparison.Ordinal) >= 0)
                return TranslationResult.NotFound(
                    $"remembered translation does not hold \"{entry.Spans[i]}\" exactly once"
                );
            target = target[..at] + spans[i] + target[(at + entry.Spans[i].Length)..];
        }
        return TranslationResult.Hit(target);
    }

    public Task<IReadOnlyList<TranslationResult>> TranslateAsync(
        IReadOnlyList<string> segments,
        string sourceLanguage,
        string targetLanguage,
        CancellationToken cancellationToken = default
    ) => Task.FromResult<IReadOnlyList<TranslationResult>>(segments.Select(Lookup).ToList());
}
