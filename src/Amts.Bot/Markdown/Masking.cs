using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Amts.Bot.Markdown;

internal enum PlaceholderStyle
{
    /// <summary><c>&lt;span translate="no" data-amts="N"&gt;original&lt;/span&gt;</c>: the engine sees the text (good
    /// context) and keeps it. Amazon Translate's text/html mode honours <c>translate="no"</c>.</summary>
    KeepContent,

    /// <summary><c>&lt;span data-amts="N"&gt;&lt;/span&gt;</c>: for engines that translate inside <c>translate="no"</c>
    /// (Apertium does): they pass empty tags through untouched.</summary>
    Empty,
}

/// <summary>Prose turned into HTML for a translation engine, with every protected span behind a numbered
/// placeholder.</summary>
internal sealed record MaskedText(string Html, IReadOnlyList<string> Originals, PlaceholderStyle Style);

internal enum PlaceholderProblemKind
{
    Lost,
    Duplicated,
    Altered,
    Unknown,
}

internal sealed record PlaceholderProblem(PlaceholderProblemKind Kind, int Id, string Detail)
{
    public override string ToString() => $"placeholder {Id} {Kind.ToString().ToLowerInvariant()}: {Detail}";
}

/// <summary>What came back from an engine, restored: the text, or the problems that make it unusable.</summary>
internal sealed record UnmaskResult(string Text, IReadOnlyList<PlaceholderProblem> Problems)
{
    public bool IsIntact => Problems.Count == 0;
}

internal static partial class Masking
{
    const string Attribute = "data-amts";

    [GeneratedRegex(
        @"<span\b(?<attrs>[^>]*?)\bdata-amts\s*=\s*[""']?(?<id>\d+)[""']?(?<attrs2>[^>]*)>(?<content>.*?)</span\s*>",
        RegexOptions.Singleline
    )]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"data-amts", RegexOptions.IgnoreCase)]
    private static partial Regex AnyMarker();

    public static MaskedText Mask(
        string text,
        IReadOnlyList<ProtectedSpan> spans,
        PlaceholderStyle style = PlaceholderStyle.KeepContent
    )
    {
        var html = new StringBuilder(text.Length + spans.Count * 40);
        var originals = new List<string>(spans.Count);
        int pos = 0;
        foreach (var span in spans)
        {
            html.Append(Escape(text.AsSpan(pos, span.Start - pos)));
            var original = span.Text(text);
            int id = originals.Count;
            originals.Add(original);
            html.Append(
                style == PlaceholderStyle.KeepContent
                    ? $"<span translate=\"no\" {Attribute}=\"{id}\">{Escape(original)}</span>"
                    : $"<span {Attribute}=\"{id}\"></span>"
            );
            pos = span.End;
        }
        html.Append(Escape(text.AsSpan(pos)));
        return new MaskedText(html.ToString(), originals, style);
    }

    /// <summary>Masks a segment of a larger text, using the spans that fall inside it (clipped at its edges).</summary>
    public static MaskedText MaskRange(
        string text,
        TextRange range,
        IReadOnlyList<ProtectedSpan> spans,
        PlaceholderStyle style = PlaceholderStyle.KeepContent
    )
    {
        var local = new List<ProtectedSpan>();
        foreach (var s in spans)
        {
            int start = Math.Max(s.Start, range.Start),
                end = Math.Min(s.End, range.End);
            if (end > start)
                local.Add(new ProtectedSpan(s.Kind, start - range.Start, end - start));
        }
        return Mask(range.Of(text), local, style);
    }

    /// <summary>
    /// Restores a translated HTML string. Every placeholder must come back exactly once; with
    /// <see cref="PlaceholderStyle.KeepContent"/> its content must also be unchanged. Anything else is a problem
    /// reported by id, and the caller must not use the text.
    /// </summary>
    public static UnmaskResult Unmask(string translatedHtml, MaskedText masked)
    {
        var problems = new List<PlaceholderProblem>();
        var seen = new int[masked.Originals.Count];
        var text = new StringBuilder(translatedHtml.Length);
        int pos = 0;
        foreach (Match m in Placeholder().Matches(translatedHtml))
        {
            text.Append(WebUtility.HtmlDecode(translatedHtml[pos..m.Index]));
            pos = m.Index + m.Length;
            int id = int.TryParse(m.Groups["id"].Value, out var n) ? n : -1;
            if (id < 0 || id >= seen.Length)
            {
                problems.Add(
                    new(
                        PlaceholderProblemKind.Unknown,
                        id,
                        $"the engine returned a placeholder that was never sent: {m.Value}"
                    )
                );
                continue;
            }
            if (++seen[id] > 1)
            {
                problems.Add(new(PlaceholderProblemKind.Duplicated, id, "the engine returned it more than once"));
                continue;
            }
            if (
                masked.Style == PlaceholderStyle.KeepContent
                && WebUtility.HtmlDecode(m.Groups["content"].Value) != masked.Originals[id]
            )
                problems.Add(
                    new(
                        PlaceholderProblemKind.Altered,
                        id,
                        $"expected \"{masked.Originals[id]}\", got "
                            + $"\"{WebUtility.HtmlDecode(m.Groups["content"].Value)}\""
                    )
                );
            text.Append(masked.Originals[id]);
        }
        var tail = translatedHtml[pos..];
        if (AnyMarker().IsMatch(tail) && !problems.Any(p => p.Kind == PlaceholderProblemKind.Unknown))
            problems.Add(new(PlaceholderProblemKind.Unknown, -1, "a placeholder came back malformed"));
        text.Append(WebUtility.HtmlDecode(tail));
        for (int id = 0; id < seen.Length; id++)
            if (seen[id] == 0)
                problems.Add(
                    new(PlaceholderProblemKind.Lost, id, $"\"{masked.Originals[id]}\" is missing from the translation")
                );
        return new UnmaskResult(text.ToString(), problems);
    }

    static string Escape(ReadOnlySpan<char> s)
    {
        if (s.IndexOfAny('&', '<', '>') < 0)
            return s.ToString();
        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
            sb.Append(
                c switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    _ => c.ToString(),
                }
            );
        return sb.ToString();
    }
}
