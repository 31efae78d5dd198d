using Amts.Bot.Errors;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>
/// A translation is planned on its text with "\n" line endings (<see cref="LineEndings.ToLf"/>), so that English
/// compared with normalised endings lines up with it; what is written keeps the translation's own endings. A plan
/// made on the normalised text becomes a plan on the file as it is: every offset moved to the same character of
/// the real text (so every line the plan does not touch keeps its bytes, a mixed file included), and every line
/// break the plan writes (inserted blocks, replaced lines, a new file) written with the file's ending.
/// </summary>
internal static class TargetLineEndings
{
    /// <summary>The ending a file of the translation is written with: its own dominant ending; for a new or empty
    /// file, the book's (<paramref name="book"/>, from <see cref="OfBook"/>).</summary>
    public static string For(string? raw, string book) => (raw == null ? null : LineEndings.Dominant(raw)) ?? book;

    /// <summary>The ending most of the book's files have ("\n" on a tie or an empty book).</summary>
    public static string OfBook(IEnumerable<string> texts)
    {
        int crlf = 0,
            lf = 0;
        foreach (var ending in texts.Select(LineEndings.Dominant))
        {
            if (ending == LineEndings.Crlf)
                crlf++;
            else if (ending == LineEndings.Lf)
                lf++;
        }
        return crlf > lf ? LineEndings.Crlf : LineEndings.Lf;
    }

    /// <summary>
    /// <paramref name="plan"/>, made on <c>ToLf(raw)</c>, as a plan on <paramref name="raw"/> writing line breaks as
    /// <paramref name="ending"/>. The same plan when there is nothing to convert.
    /// </summary>
    public static FilePlan Restore(FilePlan plan, string raw, string ending)
    {
        bool writesLines = plan.Edits.Any(e => e.LiteralText.Contains('\n', StringComparison.Ordinal));
        if (raw == plan.OriginalTarget && (ending == LineEndings.Lf || !writesLines))
            return plan;
        if (LineEndings.ToLf(raw) != plan.OriginalTarget)
            throw AmtsException.Bug($"{plan.TargetPath}: the plan was not made on this text with normalised endings");
        var map = OffsetMap(raw, plan.OriginalTarget.Length);
        TextRange Range(TextRange r) => new(map[r.Start], map[r.End] - map[r.Start]);
        string Write(string s) => ending == LineEndings.Lf ? s : s.Replace("\n", ending, StringComparison.Ordinal);
        var edits = plan
            .Edits.Select(e =>
                e with
                {
                    Start = map[e.Start],
                    Length = map[e.End] - map[e.Start],
                    Parts = e.Parts.Select(p => p.Literal is { } text ? TemplatePart.Text(Write(text)) : p).ToList(),
                }
            )
            .ToList();
        var evidence = plan
            .Evidence.Select(v =>
                v with
                {
                    Located = v.Located is { } l ? Range(l) : null,
                    Anchor = v.Anchor is int a ? map[a] : null,
                }
            )
            .ToList();
        var confident = plan.Confident.Select(Range).ToList();
        return plan with { OriginalTarget = raw, Edits = edits, Evidence = evidence, Confident = confident };
    }

    /// <summary>For each offset of the normalised text (and its end), the offset of the same character in the real
    /// text: a "\n" that was "\r\n" stands where its "\r" does.</summary>
    static int[] OffsetMap(string raw, int length)
    {
        var map = new int[length + 1];
        int j = 0;
        for (int i = 0; i < length; i++)
        {
            map[i] = j;
            j += raw[j] == '\r' && j + 1 < raw.Length && raw[j + 1] == '\n' ? 2 : 1;
        }
        map[length] = j;
        return map;
    }
}
