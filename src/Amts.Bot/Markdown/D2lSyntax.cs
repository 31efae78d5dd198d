using System.Text.RegularExpressions;

namespace Amts.Bot.Markdown;

/// <summary>Line patterns of d2l Markdown that both the block parser and the prose segmenter recognise.</summary>
static partial class D2lSyntax
{
    /// <summary>A pipe table's delimiter row (<c>|:--|--:|</c>).</summary>
    [GeneratedRegex(@"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")]
    public static partial Regex TableDelimiter();

    /// <summary>A line made only of the roles that annotate the block above it (<c>:label:</c>, <c>:width:</c>, …).</summary>
    [GeneratedRegex(@"^(?::(?:label|eqlabel|width|height|bibliography):`[^`]*`[ \t]*)+$")]
    public static partial Regex AttachedDirective();
}
