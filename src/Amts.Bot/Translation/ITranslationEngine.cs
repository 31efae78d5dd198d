namespace Amts.Bot.Translation;

/// <summary>One segment's outcome: the translation, or why there is none (the caller keeps the English, marked).</summary>
public sealed record TranslationResult(string? Text, string? Miss)
{
    public static TranslationResult Hit(string text) => new(text, null);
    public static TranslationResult NotFound(string why) => new(null, why);
}

/// <summary>
/// A translation engine, fed in batches: many segments (sentences or short segments, Markdown with protected
/// spans) per call, as a cloud batch job wants them. An engine either returns a result for every segment or
/// throws; nothing is ever half-applied by the caller.
/// </summary>
public interface ITranslationEngine
{
    string Name { get; }
    Task<IReadOnlyList<TranslationResult>> TranslateAsync(IReadOnlyList<string> segments, string sourceLanguage, string targetLanguage, CancellationToken cancellationToken = default);
}
