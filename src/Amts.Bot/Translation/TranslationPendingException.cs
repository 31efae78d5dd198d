using Amts.Bot.Errors;

namespace Amts.Bot.Translation;

/// <summary>The engine's translations are not ready within the run (a batch job still working): nothing was applied,
/// and a later run picks the work up. The translation run names the files that wait.</summary>
internal abstract class TranslationPendingException(string message, string hint)
    : AmtsException(ErrorKind.Service, message, hint)
{
    /// <summary>The files whose segments wait for the engine, with their characters (set by the translation
    /// run).</summary>
    public IReadOnlyList<(string Path, long Characters)> Files { get; set; } = [];
}
