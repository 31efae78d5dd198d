using System.Text.RegularExpressions;

namespace Amts.Bot.Markdown;

/// <summary>
/// Book text (English and translated sentences, file names, reasons that quote them) is untrusted wherever the bot
/// echoes it on GitHub: a <c>@name</c> would notify someone, a <c>#12</c> or <c>owner/repo#12</c> would link and
/// cross-reference an issue. Backslashes and HTML entities do not stop GitHub (it links <c>\#1</c> and
/// <c>&amp;#64;user</c>); a ZERO WIDTH JOINER (U+200D) between the sign and the name does, and is invisible.
/// </summary>
internal static partial class Untrusted
{
    public const char Joiner = '\u200D';

    // @name, #12 (not inside a word), owner/repo#12, GH-12: what GitHub turns into a mention or an issue link.
    [GeneratedRegex(
        @"(?<=^|[^\w`])([@#])(?=[\w-])|(?<=\b[\w.-]+/[\w.-]+)(#)(?=\d)|(?<=\bGH)(-)(?=\d)",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex Reference();

    /// <summary>The text with every mention and issue reference broken by a zero width joiner.</summary>
    public static string Neutralise(string text) => Reference().Replace(text, m => m.Value + Joiner);
}

/// <summary>Untrusted text as Markdown GitHub renders literally: no markup, no HTML, no table-cell break, no mention,
/// no issue link.</summary>
internal static class UntrustedMarkdown
{
    public static string Text(string text) =>
        Markdown.MarkdownText.Escape(Untrusted.Neutralise(text), atAsEntity: false);

    /// <summary>A code span (GitHub links nothing inside one); a backtick in the text becomes a quote, a line break a
    /// space. The text is neutralised too, so a copy of it pasted elsewhere stays harmless.</summary>
    public static string Code(string text) =>
        "`"
        + Untrusted.Neutralise(text).Replace('`', '\'').Replace('\n', ' ').Replace('\r', ' ').Replace("|", "\\|")
        + "`";
}
