using System.Text.RegularExpressions;

namespace Amts.Bot.Markdown;

/// <summary>What the sync bot writes into a translation and must recognise when it reads it back.</summary>
internal static class BotMarkers
{
    /// <summary>Put before an English sentence the engine could not translate. The sentence after it (to its end) is
    /// the bot's own text: the next edit of that English replaces it, and it is prose, not an HTML comment
    /// block.</summary>
    public const string Untranslated = "<!-- amts: untranslated -->";

    /// <summary>Whether a line starts with the marker (after up to three spaces of indentation).</summary>
    public static bool StartsMarked(string line) =>
        line.TrimStart(' ').StartsWith(Untranslated, StringComparison.Ordinal);
}

/// <summary>Line patterns of d2l Markdown that both the block parser and the prose segmenter recognise.</summary>
static partial class D2lSyntax
{
    /// <summary>A pipe table's delimiter row (<c>|:--|--:|</c>).</summary>
    [GeneratedRegex(@"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")]
    public static partial Regex TableDelimiter();

    /// <summary>A line made only of the roles that annotate the block above it (<c>:label:</c>, <c>:width:</c>,
    /// …).</summary>
    [GeneratedRegex(@"^(?::(?:label|eqlabel|width|height|bibliography):`[^`]*`[ \t]*)+$")]
    public static partial Regex AttachedDirective();
}
