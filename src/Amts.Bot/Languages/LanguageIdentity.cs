namespace Amts.Bot.Languages;

internal enum LanguageVerdict
{
    InLanguage,
    NotInLanguage,
    Undecided,
}

/// <summary>
/// Is a text (a translation's sentence or paragraph) written in its language, or is it still English? It is given
/// the prose only: the caller leaves code, math, roles and URLs out (<c>ProtectedSpans.ProseOnly</c>), so that
/// language facts need no Markdown. For a language with its own script (zh, ja, ko) the share of
/// its letters decides; for a Latin-script language (pt, tr, vi, es) its function words and accented words against
/// English function words.
/// </summary>
internal static class LanguageIdentity
{
    /// <summary>Below this share of script "units" (a CJK/Hangul character counts one, a Latin word one) a text is not
    /// in a language with its own script. A real translation keeps English terms and names: "提示：可以参考Vision
    /// Transformer" is 6 Han to 2 words (0.75); on d2l-zh's sentence pairs the lowest correct ones are short
    /// term-heavy sentences around 0.3–0.4 ("GoogLeNet模型": 2 of 3); an untranslated sentence has 0.</summary>
    public const double MinScriptShare = 0.25;

    /// <summary>A Latin-script text is English when it has at least this many English function words ("the", "of",
    /// "is", …) and more of them than words of its language (function words or words with non-ASCII letters). Two,
    /// because one English word ("is", "in") is common in a quoted title; shorter texts stay undecided.</summary>
    public const int MinEnglishFunctionWords = 2;

    public static LanguageVerdict Identify(string prose, LanguageProfile profile)
    {
        if (profile.ScriptLetter is { } letter)
        {
            int script = 0,
                latinWords = 0;
            bool inWord = false;
            foreach (var c in prose)
            {
                if (letter(c))
                {
                    script++;
                    inWord = false;
                }
                else if (char.IsLetter(c))
                {
                    if (!inWord)
                        latinWords++;
                    inWord = true;
                }
                else
                    inWord = false;
            }
            if (script + latinWords == 0)
                return LanguageVerdict.Undecided;
            return (double)script / (script + latinWords) < MinScriptShare
                ? LanguageVerdict.NotInLanguage
                : LanguageVerdict.InLanguage;
        }
        if (profile.Code == LanguageProfile.English.Code)
        {
            // English is told from the CJK scripts only: letters of a spaceless script or Hangul mean "not English".
            int foreign = prose.Count(c => LanguageProfile.IsSpacelessScript(c) || LanguageProfile.IsHangul(c));
            int latin = prose.Count(c => char.IsLetter(c) && c < 'ʰ');
            return latin + foreign == 0 ? LanguageVerdict.Undecided
                : foreign > latin ? LanguageVerdict.NotInLanguage
                : LanguageVerdict.InLanguage;
        }
        if (profile.Stopwords.Count == 0)
            return LanguageVerdict.Undecided;
        int english = 0,
            own = 0;
        foreach (var word in Words(prose))
        {
            if (profile.Stopwords.Contains(word) || word.Any(c => c > '\u007F'))
                own++;
            else if (LanguageProfile.English.Stopwords.Contains(word))
                english++;
        }
        if (english >= MinEnglishFunctionWords && english > own)
            return LanguageVerdict.NotInLanguage;
        return english + own == 0 ? LanguageVerdict.Undecided : LanguageVerdict.InLanguage;
    }

    static IEnumerable<string> Words(string text)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0)
                start = i;
            else if (!letter && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }
}
