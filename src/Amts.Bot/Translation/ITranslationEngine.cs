namespace Amts.Bot.Translation;

/// <summary>One segment's outcome: the translation, or why there is none (the caller keeps the English,
/// marked).</summary>
internal sealed record TranslationResult(string? Text, string? Miss)
{
    public static TranslationResult Hit(string text) => new(text, null);

    public static TranslationResult NotFound(string why) => new(null, why);
}

/// <summary>
/// A translation engine, fed in batches: many segments (sentences or short segments, Markdown with protected
/// spans) per call, as a cloud batch job wants them. A sync makes ONE call per run with every file's segments
/// (<see cref="TranslationRun"/>). An engine returns a result for every segment (a segment it cannot translate
/// safely is a <see cref="TranslationResult.NotFound"/>: it stays English, flagged for review) or throws when the
/// whole call failed; nothing is ever half-applied by the caller.
/// </summary>
internal interface ITranslationEngine
{
    string Name { get; }
    Task<IReadOnlyList<TranslationResult>> TranslateAsync(
        IReadOnlyList<string> segments,
        string sourceLanguage,
        string targetLanguage,
        CancellationToken cancellationToken = default
    );

    /// <summary>What the engine charges, or null when it is free (memory, Apertium).</summary>
    EnginePrice? Price => null;

    /// <summary>The most characters one run may send (a spending bound), or null when there is none.</summary>
    long? MaxCharacters => null;

    /// <summary>Where the engine reports its plan and progress (a terminal or the action's log), or null.</summary>
    TextWriter? Log => null;

    /// <summary>What the engine used so far, as the engine itself counted it (and the service reported), or
    /// null.</summary>
    EngineUsage? Usage => null;
}
