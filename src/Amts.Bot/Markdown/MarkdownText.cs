using System.Text;

namespace Amts.Bot.Markdown;

/// <summary>
/// Puts untrusted text (English book content, file names) into Markdown that GitHub renders: nothing in it may
/// become markup, a link, a mention, an HTML tag or a table cell break.
/// </summary>
internal static class MarkdownText
{
    public static string Escape(string text) => Escape(text, atAsEntity: true);

    /// <summary>As <see cref="Escape(string)"/>; <paramref name="atAsEntity"/> false keeps <c>@</c> as it is, for text
    /// whose mentions were already broken another way (<c>UntrustedMarkdown</c>).</summary>
    public static string Escape(string text, bool atAsEntity)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|' or '~':
                    sb.Append('\\').Append(c);
                    break;
                // No backslash escape stops HTML or a mention: entities do.
                case '<' or '>' or '&':
                case '@' when atAsEntity:
                    sb.Append("&#").Append((int)c).Append(';');
                    break;
                case '\r' or '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }
        return sb.ToString();
    }
}
