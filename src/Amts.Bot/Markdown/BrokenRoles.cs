using System.Text.RegularExpressions;

namespace Amts.Bot.Markdown;

/// <summary>
/// The book's roles (<c>:numref:`chap_cv`</c>, <c>:cite:`Bishop.2006`</c>) as machine translation broke them apart in
/// translations made that way: a space after a colon, or inside the backticks (d2l-pt's preface writes
/// <c>em: numref: `chap_cv`</c> and <c>e: numref:` chap_perceptrons`</c>). Sphinx renders such text as prose and code,
/// so the anchors a translation keeps from its English are not seen. <see cref="Rejoin"/> puts them back together
/// for reading evidence (which English a translation was made from); it is never written into a translation.
/// </summary>
internal static partial class BrokenRoles
{
    /// <summary>The roles d2l-book's sources use with a backticked target.</summary>
    [GeneratedRegex(
        @":[ \u00A0]?(?<role>numref|eqref|ref|cite|citet|citep|label|eqlabel)[ \u00A0]?:[ \u00A0]?`[ \u00A0]*"
            + @"(?<target>[^`\n]*?)[ \u00A0]*`"
    )]
    private static partial Regex Broken();

    /// <summary>The text with every broken role written as the English writes it (well-formed ones
    /// unchanged).</summary>
    public static string Rejoin(string text) =>
        text.Contains(':')
            ? Broken().Replace(text, m => $":{m.Groups["role"].Value}:`{m.Groups["target"].Value}`")
            : text;
}
