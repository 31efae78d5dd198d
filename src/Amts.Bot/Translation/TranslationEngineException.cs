using Amts.Bot.Errors;

namespace Amts.Bot.Translation;

/// <summary>A translation engine refused or failed (not installed, unknown language pair, damaged output).</summary>
internal sealed class TranslationEngineException(string message, string? hint = null)
    : AmtsException(ErrorKind.Service, message, hint);
