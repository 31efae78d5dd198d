namespace Amts.Bot.Markdown;

/// <summary>
/// Line endings are no part of what a reader reads: English is compared with them normalised to "\n" (a file
/// converted to CRLF has changed for git, not for a translator), and a translation is planned on its text with
/// "\n" and written with its own endings (<see cref="Sync.TargetLineEndings"/>).
/// </summary>
internal static class LineEndings
{
    public const string Lf = "\n";
    public const string Crlf = "\r\n";

    /// <summary>The text with every "\r\n", and every lone "\r" (<see cref="SourceText.SplitLines"/> ends a line
    /// there too), as "\n": the same lines, so the same line numbers.</summary>
    public static string ToLf(string text) =>
        text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : text;

    /// <summary>The ending most of the text's line breaks have: "\r\n" when more lines end with it than with a
    /// bare "\n"; null when the text has no line break at all.</summary>
    public static string? Dominant(string text)
    {
        var (crlf, lf) = Count(text);
        return crlf + lf == 0 ? null
            : crlf > lf ? Crlf
            : Lf;
    }

    /// <summary>Lines of the text ending in "\r\n" and in a bare "\n".</summary>
    public static (int Crlf, int Lf) Count(string text)
    {
        int crlf = 0,
            lf = 0;
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            if (i > 0 && text[i - 1] == '\r')
                crlf++;
            else
                lf++;
        }
        return (crlf, lf);
    }
}
