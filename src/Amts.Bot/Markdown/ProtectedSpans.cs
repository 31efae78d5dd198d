using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Amts.Bot.Markdown;

internal enum ProtectedKind
{
    Code,
    Math,
    Role,
    LinkOpen,
    LinkTarget,
    Autolink,
    Url,
    Html,
    Entity,
    FootnoteRef,
    SlideMarker,
}

/// <summary>A span of prose that no translator may change: code, math, a role, a URL, markup.</summary>
internal readonly record struct ProtectedSpan(ProtectedKind Kind, int Start, int Length)
{
    public int End => Start + Length;

    public string Text(string source) => source.Substring(Start, Length);
}

/// <summary>
/// Finds the protected spans of a piece of d2l prose. Markdig finds code spans, links, autolinks, raw HTML
/// and entities with exact positions. Inline math is found here with pandoc's rules, which d2lbook follows:
/// Markdig's math extension refuses a closing <c>$</c> followed by a letter, and Chinese text puts one
/// right after math everywhere (<c>$x_1$中</c>). Roles, footnote references and slide markers are d2l's own.
/// </summary>
internal static partial class ProtectedSpans
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePreciseSourceLocation()
        .UseAutoLinks()
        .Build();

    [GeneratedRegex(@"\[\^[^\]\s]+\]")]
    private static partial Regex FootnoteRef();

    // d2lbook's slide markers: (**…**) and [**…**] kept on slides, (~~…~~) left out of them
    [GeneratedRegex(@"\(\*\*|\*\*\)|\[\*\*|\*\*\]|\(~~|~~\)")]
    private static partial Regex SlideMarker();

    /// <summary>The spans found, by text: a sync asks for the same block's or sentence's spans at every stage that
    /// reads it (its alignment features, its sentences, its plan, the book's memory, the output check), and each
    /// answer costs a Markdig parse. Cleared when the texts it holds reach <see cref="MaxCachedChars"/>.</summary>
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ProtectedSpan[]> Found = new(
        StringComparer.Ordinal
    );
    static long cachedChars;

    /// <summary>What <see cref="Found"/> may hold: 64 M characters (128 MB of keys), about ten times what a day one of
    /// d2l-zh asks (its book, English and translation, is 7 MB; each block is asked for whole and by sentence), so a
    /// whole sync hits; a long-lived process (the test host) starts over rather than grow.</summary>
    const long MaxCachedChars = 64_000_000;

    public static IReadOnlyList<ProtectedSpan> Find(string text)
    {
        if (text.Length == 0)
            return [];
        if (Found.TryGetValue(text, out var known))
            return known;
        var spans = Parse(text).ToArray();
        if (Interlocked.Add(ref cachedChars, text.Length) > MaxCachedChars)
        {
            Found.Clear();
            Interlocked.Exchange(ref cachedChars, text.Length);
        }
        Found.TryAdd(text, spans);
        return spans;
    }

    /// <summary>Drops what <see cref="Find"/> remembers (a benchmark's runs each pay for their parses).</summary>
    public static void Forget()
    {
        Found.Clear();
        Interlocked.Exchange(ref cachedChars, 0);
    }

    static List<ProtectedSpan> Parse(string text)
    {
        var doc = Markdig.Markdown.Parse(text, Pipeline);
        var found = new List<ProtectedSpan>();
        var code = new List<ProtectedSpan>();
        foreach (var node in doc.Descendants())
        {
            switch (node)
            {
                case CodeInline c:
                    int start = c.Span.Start;
                    int roleStart = RoleStartBefore(text, start);
                    if (roleStart >= 0)
                        code.Add(new(ProtectedKind.Role, roleStart, c.Span.End + 1 - roleStart));
                    else
                        code.Add(new(ProtectedKind.Code, start, c.Span.Length));
                    break;
                case LinkInline { IsAutoLink: true } a:
                    found.Add(new(ProtectedKind.Url, a.Span.Start, a.Span.Length));
                    break;
                case LinkInline l:
                    AddLink(text, l, found);
                    break;
                case AutolinkInline a:
                    found.Add(new(ProtectedKind.Autolink, a.Span.Start, a.Span.Length));
                    break;
                case HtmlInline h:
                    found.Add(new(ProtectedKind.Html, h.Span.Start, h.Span.Length));
                    break;
                case HtmlEntityInline e:
                    found.Add(new(ProtectedKind.Entity, e.Span.Start, e.Span.Length));
                    break;
            }
        }
        // Priority on overlap: code and roles, then math, then the rest in document order.
        var math = FindMath(text, code);
        foreach (Match m in FootnoteRef().Matches(text))
            found.Add(new(ProtectedKind.FootnoteRef, m.Index, m.Length));
        foreach (Match m in SlideMarker().Matches(text))
            found.Add(new(ProtectedKind.SlideMarker, m.Index, m.Length));
        return Merge([.. code, .. math], found);
    }

    /// <summary>The text with each of <paramref name="spans"/> (sorted, non-overlapping) replaced by
    /// <paramref name="replacement"/>: the prose skeleton that comparisons and lookups work on.</summary>
    public static string Replace(string text, IEnumerable<ProtectedSpan> spans, string replacement)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        int pos = 0;
        foreach (var s in spans)
        {
            sb.Append(text, pos, s.Start - pos).Append(replacement);
            pos = s.End;
        }
        return sb.Append(text, pos, text.Length - pos).ToString();
    }

    /// <summary>Where <c>:name:</c> starts if it stands right before position <paramref name="codeStart"/>, else
    /// -1.</summary>
    static int RoleStartBefore(string text, int codeStart)
    {
        int i = codeStart - 1;
        if (i < 1 || text[i] != ':')
            return -1;
        int j = i - 1;
        while (j >= 0 && (char.IsAsciiLetterLower(text[j]) || text[j] == '_'))
            j--;
        return j >= 0 && j < i - 1 && text[j] == ':' ? j : -1;
    }

    static void AddLink(string text, LinkInline link, List<ProtectedSpan> found)
    {
        int open = link.IsImage ? 2 : 1;
        var label = link.LabelSpan;
        bool hasLabel = !label.IsEmpty && label.Start >= link.Span.Start + open && label.End < link.Span.End;
        if (!hasLabel || link.Span.End >= text.Length || text[link.Span.End] != ')')
        {
            found.Add(new(ProtectedKind.LinkTarget, link.Span.Start, link.Span.Length));
            return;
        }
        found.Add(new(ProtectedKind.LinkOpen, link.Span.Start, label.Start - link.Span.Start));
        found.Add(new(ProtectedKind.LinkTarget, label.End + 1, link.Span.End - label.End));
    }

    /// <summary>
    /// Inline math by pandoc's rules: an opening <c>$</c> has a non-space right after it, the closing one a
    /// non-space right before it and no digit right after; <c>\$</c> is a dollar; <c>$$…$$</c> inline too.
    /// </summary>
    static List<ProtectedSpan> FindMath(string text, List<ProtectedSpan> code)
    {
        var result = new List<ProtectedSpan>();
        int codeIndex = 0;
        code.Sort((a, b) => a.Start.CompareTo(b.Start));
        bool InCode(int pos)
        {
            while (codeIndex < code.Count && code[codeIndex].End <= pos)
                codeIndex++;
            return codeIndex < code.Count && code[codeIndex].Start <= pos;
        }
        int i = 0;
        while ((i = text.IndexOf('$', i)) >= 0)
        {
            if (IsEscaped(text, i) || InCode(i))
            {
                i++;
                continue;
            }
            bool display = i + 1 < text.Length && text[i + 1] == '$';
            int contentStart = i + (display ? 2 : 1);
            if (contentStart >= text.Length || char.IsWhiteSpace(text[contentStart]) && !display)
            {
                i = contentStart;
                continue;
            }
            int close = FindClosingDollar(text, contentStart, display);
            if (close < 0)
            {
                i = contentStart;
                continue;
            }
            int end = close + (display ? 2 : 1);
            result.Add(new(ProtectedKind.Math, i, end - i));
            i = end;
        }
        return result;
    }

    static int FindClosingDollar(string text, int from, bool display)
    {
        for (int j = from; j < text.Length; j++)
        {
            if (text[j] == '\\')
            {
                j++;
                continue;
            }
            if (text[j] != '$')
                continue;
            if (display)
            {
                if (j + 1 < text.Length && text[j + 1] == '$')
                    return j;
                continue;
            }
            if (j == from)
                return -1; // "$$" handled as display
            if (char.IsWhiteSpace(text[j - 1]))
                return -1;
            if (j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))
                return -1;
            return j;
        }
        return -1;
    }

    static bool IsEscaped(string text, int i)
    {
        int backslashes = 0;
        for (int k = i - 1; k >= 0 && text[k] == '\\'; k--)
            backslashes++;
        return backslashes % 2 == 1;
    }

    /// <summary>Sorted, non-overlapping spans; the first list wins an overlap, then earlier and longer spans.</summary>
    static List<ProtectedSpan> Merge(List<ProtectedSpan> first, List<ProtectedSpan> rest)
    {
        var accepted = new List<ProtectedSpan>();
        var byStart = Comparer<ProtectedSpan>.Create((a, b) => a.Start.CompareTo(b.Start));
        foreach (var group in new[] { first, rest })
        {
            foreach (var s in group.Where(s => s.Length > 0).OrderBy(s => s.Start).ThenByDescending(s => s.Length))
            {
                int at = accepted.BinarySearch(s, byStart);
                if (at >= 0)
                    continue; // same start as an accepted span
                at = ~at;
                if (at > 0 && accepted[at - 1].End > s.Start)
                    continue;
                if (at < accepted.Count && accepted[at].Start < s.End)
                    continue;
                accepted.Insert(at, s);
            }
        }
        return accepted;
    }

    /// <summary>The text without its protected spans (code, math, roles, URLs, HTML), each replaced by a
    /// space.</summary>
    public static string ProseOnly(string text)
    {
        var spans = Find(text);
        if (spans.Count == 0)
            return text;
        var chars = text.ToCharArray();
        foreach (var s in spans)
            for (int i = s.Start; i < s.End && i < chars.Length; i++)
                chars[i] = ' ';
        return new string(chars);
    }
}
