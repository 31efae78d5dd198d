namespace Amts.Bot.Markdown;

/// <summary>
/// Splits a prose segment into sentences. Protected spans (math, code, roles, URLs) are atomic: a period
/// inside <c>$x.y$</c> or a URL never ends a sentence. Line breaks are plain whitespace: d2l files break lines
/// mid-sentence (Chinese files after clauses). The gaps between sentences are not part of any sentence, so
/// the original text is rebuilt from the sentences and gaps exactly.
/// </summary>
public sealed class SentenceSplitter
{
    // Words that end in a period without ending a sentence (compared without the final period, ignoring case).
    static readonly HashSet<string> EnglishAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "al", "cf", "vs", "viz", "fig", "figs", "eq", "eqs", "sec", "secs", "ch", "chap", "tab",
        "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "no", "nos", "vol", "pp", "approx", "resp", "inc",
        "ltd", "corp", "co", "ed", "eds", "ref", "refs", "dept", "univ", "est", "min", "max", "u.s",
    };

    static readonly HashSet<string> NoAbbreviations = new(StringComparer.OrdinalIgnoreCase) { "e.g", "i.e", "al", "cf", "vs", "fig", "eq", "sec" };

    readonly HashSet<string> abbreviations;

    SentenceSplitter(HashSet<string> abbreviations) => this.abbreviations = abbreviations;

    public static readonly SentenceSplitter English = new(EnglishAbbreviations);

    /// <summary>Chinese and Japanese split on full-width terminators too; English-language abbreviations still apply
    /// to the English sentences a Chinese paragraph may quote.</summary>
    public static readonly SentenceSplitter Chinese = new(EnglishAbbreviations);

    /// <summary>A splitter for a language code ("en", "zh", "pt-BR"…); languages without a rule set get the English
    /// rules restricted to the abbreviations shared by most Latin-script languages (e.g., i.e., et al., Fig.).</summary>
    public static SentenceSplitter For(string language) => language.ToLowerInvariant().Split('-', '_')[0] switch
    {
        "en" => English,
        "zh" or "ja" => Chinese,
        _ => new SentenceSplitter(NoAbbreviations),
    };

    static bool IsCjkTerminator(char c) => c is '。' or '！' or '？' or '；' or '｡';
    static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '）' or '」' or '』' or '》' or '】' or '*' or '_';

    public IReadOnlyList<TextRange> Split(string text, IReadOnlyList<ProtectedSpan> spans)
    {
        var result = new List<TextRange>();
        int sentenceStart = SkipSpace(text, 0);
        int spanIndex = 0;
        int i = sentenceStart;
        while (i < text.Length)
        {
            while (spanIndex < spans.Count && spans[spanIndex].End <= i) spanIndex++;
            if (spanIndex < spans.Count && spans[spanIndex].Start <= i)
            {
                i = spans[spanIndex].End;
                continue;
            }
            char c = text[i];
            bool cjk = IsCjkTerminator(c);
            if (!cjk && c is not ('.' or '!' or '?'))
            {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < text.Length && (text[end] is '.' or '!' or '?' || IsCjkTerminator(text[end]))) end++;
            end = SkipClosers(text, end, spans, ref spanIndex);
            if (cjk ? end < text.Length : IsAsciiBoundary(text, i, end))
            {
                int next = SkipSpace(text, end);
                if (next < text.Length && next > sentenceStart)
                {
                    result.Add(new TextRange(sentenceStart, TrimEnd(text, sentenceStart, end) - sentenceStart));
                    sentenceStart = next;
                }
                i = next;
                continue;
            }
            i = end;
        }
        if (sentenceStart < text.Length)
        {
            int end = TrimEnd(text, sentenceStart, text.Length);
            if (end > sentenceStart) result.Add(new TextRange(sentenceStart, end - sentenceStart));
        }
        return result;
    }

    /// <summary>Takes the closing quotes, brackets, emphasis and slide markers (<c>**)</c>) that follow a terminator.</summary>
    static int SkipClosers(string text, int end, IReadOnlyList<ProtectedSpan> spans, ref int spanIndex)
    {
        while (end < text.Length)
        {
            while (spanIndex < spans.Count && spans[spanIndex].End <= end) spanIndex++;
            if (spanIndex < spans.Count && spans[spanIndex].Start == end)
            {
                var s = spans[spanIndex];
                if (s.Kind == ProtectedKind.SlideMarker && text[s.Start] == '*') { end = s.End; continue; }
                break;
            }
            if (!IsCloser(text[end])) break;
            end++;
        }
        return end;
    }

    /// <summary>An ASCII terminator ends a sentence when whitespace follows and the next word could start one,
    /// and the period is not that of an abbreviation or an initial.</summary>
    bool IsAsciiBoundary(string text, int terminator, int end)
    {
        if (end >= text.Length) return true;
        if (!char.IsWhiteSpace(text[end])) return false;
        int next = SkipSpace(text, end);
        if (next >= text.Length) return true;
        char n = text[next];
        if (char.IsLower(n)) return false;
        if (text[terminator] != '.' || end != terminator + 1) return true;
        int wordStart = terminator;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.')) wordStart--;
        var word = text[wordStart..terminator];
        if (word.Length == 0) return true;
        if (abbreviations.Contains(word)) return false;
        if (word.Length == 1 && char.IsUpper(word[0])) return false; // an initial: "J. Smith"
        return true;
    }

    static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }
}
