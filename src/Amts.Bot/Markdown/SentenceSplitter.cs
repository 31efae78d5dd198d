using Amts.Bot.Languages;

namespace Amts.Bot.Markdown;

/// <summary>
/// Splits a prose segment into sentences. Protected spans (math, code, roles, URLs) are atomic: a period
/// inside <c>$x.y$</c> or a URL never ends a sentence. Line breaks are plain whitespace: d2l files break lines
/// mid-sentence (Chinese files after clauses). The gaps between sentences are not part of any sentence, so
/// the original text is rebuilt from the sentences and gaps exactly.
/// </summary>
internal sealed class SentenceSplitter
{
    readonly LanguageProfile profile;
    readonly HashSet<string> abbreviations;

    SentenceSplitter(LanguageProfile profile)
    {
        this.profile = profile;
        abbreviations = new HashSet<string>(LanguageProfile.EnglishAbbreviations, StringComparer.OrdinalIgnoreCase);
        abbreviations.UnionWith(profile.Abbreviations);
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SentenceSplitter> Cache = new();

    public static readonly SentenceSplitter English = For("en");

    /// <summary>Chinese (and Japanese) split on full-width terminators too; English abbreviations still apply
    /// to the English sentences a Chinese paragraph may quote.</summary>
    public static readonly SentenceSplitter Chinese = For("zh");

    /// <summary>A splitter for a language code ("en", "zh", "pt-BR"…), by its <see cref="LanguageProfile"/>: the
    /// English abbreviations plus the language's own, Korean's sentence end without a space, Japanese "．".</summary>
    public static SentenceSplitter For(string language)
    {
        var profile = LanguageProfile.For(language);
        return Cache.GetOrAdd(profile.Code, _ => new SentenceSplitter(profile));
    }

    bool IsCjkTerminator(char c) => c is '。' or '！' or '？' or '；' or '｡' || profile.ExtraTerminators.Contains(c);

    /// <summary>Korean: "…다.먼저…" — a terminator between two letters of the script ends a sentence without a
    /// space.</summary>
    bool IsSpacelessBoundary(string text, int terminator, int end) =>
        profile.PeriodWithoutSpaceEndsSentence
        && profile.ScriptLetter is { } letter
        && terminator > 0
        && letter(text[terminator - 1])
        && end < text.Length
        && letter(text[end]);

    static bool IsCloser(char c) =>
        c is '"' or '\'' or '”' or '’' or ')' or ']' or '）' or '」' or '』' or '》' or '】' or '*' or '_';

    public IReadOnlyList<TextRange> Split(string text, IReadOnlyList<ProtectedSpan> spans)
    {
        var result = new List<TextRange>();
        int sentenceStart = SkipSpace(text, 0);
        int spanIndex = 0;
        int i = sentenceStart;
        while (i < text.Length)
        {
            while (spanIndex < spans.Count && spans[spanIndex].End <= i)
                spanIndex++;
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
            while (end < text.Length && (text[end] is '.' or '!' or '?' || IsCjkTerminator(text[end])))
                end++;
            end = SkipClosers(text, end, spans, ref spanIndex);
            if (cjk ? end < text.Length : IsAsciiBoundary(text, i, end) || IsSpacelessBoundary(text, i, end))
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
            if (end > sentenceStart)
                result.Add(new TextRange(sentenceStart, end - sentenceStart));
        }
        return result;
    }

    /// <summary>Takes the closing quotes, brackets, emphasis and slide markers (<c>**)</c>) that follow a
    /// terminator.</summary>
    static int SkipClosers(string text, int end, IReadOnlyList<ProtectedSpan> spans, ref int spanIndex)
    {
        while (end < text.Length)
        {
            while (spanIndex < spans.Count && spans[spanIndex].End <= end)
                spanIndex++;
            if (spanIndex < spans.Count && spans[spanIndex].Start == end)
            {
                var s = spans[spanIndex];
                if (s.Kind == ProtectedKind.SlideMarker && text[s.Start] == '*')
                {
                    end = s.End;
                    continue;
                }
                break;
            }
            if (!IsCloser(text[end]))
                break;
            end++;
        }
        return end;
    }

    /// <summary>An ASCII terminator ends a sentence when whitespace follows and the next word could start one,
    /// and the period is not that of an abbreviation or an initial.</summary>
    bool IsAsciiBoundary(string text, int terminator, int end)
    {
        if (end >= text.Length)
            return true;
        if (!char.IsWhiteSpace(text[end]))
            return false;
        int next = SkipSpace(text, end);
        if (next >= text.Length)
            return true;
        char n = text[next];
        if (char.IsLower(n))
            return false;
        if (text[terminator] != '.' || end != terminator + 1)
            return true;
        int wordStart = terminator;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
            wordStart--;
        var word = text[wordStart..terminator];
        if (word.Length == 0)
            return true;
        if (abbreviations.Contains(word))
            return false;
        if (word.Length == 1 && char.IsUpper(word[0]))
            return false; // an initial: "J. Smith"
        return true;
    }

    static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
            i++;
        return i;
    }

    static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        return end;
    }
}
