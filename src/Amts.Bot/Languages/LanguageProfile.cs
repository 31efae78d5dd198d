using Amts.Bot.Errors;

namespace Amts.Bot.Languages;

/// <summary>The figure a reader should look at first for a language.</summary>
internal enum HeadlineMetric
{
    Bleu,
    Chrf,
}

/// <summary>How a glossary (d2l's <c>TERMINOLOGY.md</c>) writes one term: the separator between the two sides, and
/// which side comes first.</summary>
internal sealed record GlossaryLineFormat(char Separator, bool TranslationFirst);

/// <summary>
/// Everything the bot knows about one language, in one place: how its sentences end, how its prose joins sentences
/// and lines, how long it runs against English before anything is learned, how it is scored, which engines can
/// produce it, and how to tell a sentence in it from an English one. Adding a language is one profile here and its
/// tests. Codes are matched on the primary subtag ("pt-BR" → pt).
/// </summary>
internal sealed record LanguageProfile
{
    public required string Code { get; init; }
    public required string Name { get; init; }

    // ---- sentences -------------------------------------------------------------------------------------------
    /// <summary>Words that end in a period without ending a sentence (compared without the final period, ignoring
    /// case). The English ones always apply too: every translation quotes "e.g.", "et al." and "Fig.".</summary>
    public IReadOnlySet<string> Abbreviations { get; init; } = new HashSet<string>();

    /// <summary>A period ends a sentence even with no space after it when a letter of the language's script is on
    /// both sides: d2l-ko writes "…다.먼저…".</summary>
    public bool PeriodWithoutSpaceEndsSentence { get; init; }

    /// <summary>Full-width terminators beyond <c>。！？；</c> (which end a sentence in every language).</summary>
    public string ExtraTerminators { get; init; } = "";

    // ---- prose -----------------------------------------------------------------------------------------------
    /// <summary>Words are not separated by spaces (Chinese, Japanese): sentences join with nothing, and a line break
    /// between two of its characters is not a space.</summary>
    public bool Spaceless { get; init; }

    /// <summary>What joins two sentences of one paragraph on one line.</summary>
    public string SentenceJoiner => Spaceless ? "" : " ";

    /// <summary>What joins two newly written sentences of a block: d2l-zh (and d2l-ja) start each sentence of a
    /// multi-line paragraph on its own line; spaced languages join with a space.</summary>
    public string BlockSentenceJoiner(bool multiline) => Spaceless ? (multiline ? "\n" : "") : " ";

    // ---- lengths ---------------------------------------------------------------------------------------------
    /// <summary>Characters of this language per English character (non-space), before a ratio is learned from the book
    /// or the file. zh 0.354 is what extract learns on the real d2l-zh (alignment.json); the others are rough priors
    /// from the typical length of translations of technical English (Hangul and kana syllables carry several Latin
    /// letters; Romance languages run 10–20 % longer); they only seed the learning.</summary>
    public double LengthPrior { get; init; } = 1.0;

    // ---- evaluation ------------------------------------------------------------------------------------------
    /// <summary>The tokenizer sacreBLEU 2.x chooses for this target language (its BLEU default: zh → zh, ja → ja-mecab,
    /// ko → ko-mecab, others → 13a), or null when we do not implement it.</summary>
    public string? BleuTokenizer { get; init; } = "13a";

    /// <summary>Why there is no BLEU figure for this language (null when there is one).</summary>
    public string? NoBleuReason { get; init; }

    public HeadlineMetric Headline { get; init; } = HeadlineMetric.Bleu;

    // ---- engines ---------------------------------------------------------------------------------------------
    /// <summary>The engine names (as in <c>.github/amts.yml</c>) that can translate English into this
    /// language.</summary>
    public IReadOnlyList<string> Engines { get; init; } = ["memory", "aws"];

    /// <summary>Apertium's three-letter code, when Debian ships an English pair for it.</summary>
    public string? ApertiumCode { get; init; }

    public GlossaryLineFormat Glossary { get; init; } = new(',', false);

    // ---- identification --------------------------------------------------------------------------------------
    /// <summary>For a language with its own script: is this a letter of it.</summary>
    public Func<char, bool>? ScriptLetter { get; init; }

    /// <summary>Frequent short words of the language (lower case), used to tell it from English.</summary>
    public IReadOnlySet<string> Stopwords { get; init; } = new HashSet<string>();

    public bool HasOwnScript => ScriptLetter != null;

    public bool Supports(string engine) => Engines.Contains(engine, StringComparer.OrdinalIgnoreCase);

    // ---- the profiles ----------------------------------------------------------------------------------------
    static bool IsHan(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    static bool IsKana(char c) =>
        c is >= '\u3040' and <= '\u30FF' or >= '\u31F0' and <= '\u31FF' or >= '\uFF66' and <= '\uFF9F';

    /// <summary>A character of a script written without spaces (CJK ideographs, kana, full-width forms, CJK
    /// punctuation): a line break between two of them joins with nothing.</summary>
    public static bool IsSpacelessScript(char c) =>
        c
            is >= '\u2E80'
                and <= '\u9FFF'
                or >= '\uF900'
                and <= '\uFAFF'
                or >= '\uFF00'
                and <= '\uFFEF'
                or >= '\u3000'
                and <= '\u303F';

    public static bool IsHangul(char c) =>
        c is >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F';

    /// <summary>The abbreviations of English; they apply in every language (translations quote them).</summary>
    public static readonly IReadOnlySet<string> EnglishAbbreviations = new HashSet<string>(
        StringComparer.OrdinalIgnoreCase
    )
    {
        "e.g",
        "i.e",
        "al",
        "cf",
        "vs",
        "viz",
        "fig",
        "figs",
        "eq",
        "eqs",
        "sec",
        "secs",
        "ch",
        "chap",
        "tab",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "no",
        "nos",
        "vol",
        "pp",
        "approx",
        "resp",
        "inc",
        "ltd",
        "corp",
        "co",
        "ed",
        "eds",
        "ref",
        "refs",
        "dept",
        "univ",
        "est",
        "min",
        "max",
        "u.s",
    };

    static HashSet<string> Set(params string[] words) => new(words, StringComparer.OrdinalIgnoreCase);

    public static readonly LanguageProfile English = new()
    {
        Code = "en",
        Name = "English",
        LengthPrior = 1.0,
        ApertiumCode = "eng",
        Engines = ["memory", "apertium", "aws"],
        Stopwords = Set(
            "the",
            "of",
            "and",
            "to",
            "is",
            "in",
            "that",
            "for",
            "we",
            "this",
            "with",
            "are",
            "be",
            "on",
            "it",
            "by",
            "can",
            "an",
            "which",
            "from",
            "at",
            "or",
            "not",
            "have",
            "will",
            "our",
            "you",
            "these",
            "how",
            "what",
            "when",
            "each",
            "has",
            "was",
            "its",
            "their",
            "they",
            "there",
            "than",
            "using",
            "if",
            "then",
            "into",
            "would",
            "should",
            "where",
            "let",
            "us"
        ),
    };

    public static readonly LanguageProfile Chinese = new()
    {
        Code = "zh",
        Name = "Chinese",
        Spaceless = true,
        LengthPrior = 0.354,
        BleuTokenizer = "zh",
        ScriptLetter = IsHan,
        Glossary = new('，', true),
    };

    public static readonly LanguageProfile Japanese = new()
    {
        Code = "ja",
        Name = "Japanese",
        Spaceless = true,
        LengthPrior = 0.45,
        ExtraTerminators = "．",
        BleuTokenizer = null,
        Headline = HeadlineMetric.Chrf,
        NoBleuReason =
            "sacreBLEU scores Japanese BLEU on MeCab (ja-mecab, IPAdic) tokens; without an exact MeCab here only "
            + "chrF (tokenizer-free) is given",
        ScriptLetter = c => IsHan(c) || IsKana(c),
        Glossary = new('，', true),
    };

    public static readonly LanguageProfile Korean = new()
    {
        Code = "ko",
        Name = "Korean",
        LengthPrior = 0.45,
        PeriodWithoutSpaceEndsSentence = true,
        BleuTokenizer = null,
        Headline = HeadlineMetric.Chrf,
        NoBleuReason =
            "sacreBLEU scores Korean BLEU on MeCab (ko-mecab, mecab-ko-dic) tokens; without an exact MeCab here only "
            + "chrF (tokenizer-free) is given",
        ScriptLetter = IsHangul,
        Abbreviations = Set("등"),
    };

    public static readonly LanguageProfile Portuguese = new()
    {
        Code = "pt",
        Name = "Portuguese",
        LengthPrior = 1.15,
        Abbreviations = Set(
            "sr",
            "sra",
            "srs",
            "dr",
            "dra",
            "p",
            "ex",
            "pág",
            "págs",
            "cap",
            "caps",
            "fig",
            "eq",
            "seç",
            "vol",
            "núm",
            "aprox",
            "obs",
            "cf"
        ),
        Stopwords = Set(
            "de",
            "que",
            "não",
            "uma",
            "um",
            "para",
            "com",
            "os",
            "em",
            "do",
            "da",
            "dos",
            "das",
            "na",
            "nos",
            "se",
            "por",
            "mais",
            "como",
            "é",
            "ao",
            "ou",
            "seu",
            "sua",
            "são",
            "este",
            "esta",
            "isso",
            "também",
            "pode",
            "modelo",
            "dados",
            "podemos"
        ),
    };

    public static readonly LanguageProfile Spanish = new()
    {
        Code = "es",
        Name = "Spanish",
        LengthPrior = 1.15,
        ApertiumCode = "spa",
        Engines = ["memory", "apertium", "aws"],
        Abbreviations = Set(
            "sr",
            "sra",
            "srta",
            "dr",
            "dra",
            "p",
            "ej",
            "pág",
            "págs",
            "cap",
            "fig",
            "ec",
            "sec",
            "vol",
            "núm",
            "aprox",
            "ud",
            "uds"
        ),
        Stopwords = Set(
            "el",
            "la",
            "de",
            "que",
            "y",
            "en",
            "los",
            "las",
            "del",
            "se",
            "por",
            "un",
            "una",
            "para",
            "con",
            "es",
            "al",
            "lo",
            "como",
            "más",
            "pero",
            "sus",
            "su",
            "este",
            "esta",
            "son",
            "entre",
            "cuando",
            "también",
            "puede",
            "sobre",
            "modelo",
            "datos"
        ),
    };

    public static readonly LanguageProfile Turkish = new()
    {
        Code = "tr",
        Name = "Turkish",
        LengthPrior = 1.05,
        Abbreviations = Set("vb", "vs", "örn", "bkz", "dr", "prof", "doç", "s", "sf", "yy", "no", "şek", "denk"),
        Stopwords = Set(
            "ve",
            "bir",
            "bu",
            "ile",
            "için",
            "olarak",
            "da",
            "de",
            "ki",
            "gibi",
            "daha",
            "veya",
            "olan",
            "çok",
            "her",
            "ama",
            "sonra",
            "kadar",
            "göre",
            "şu",
            "biz",
            "bunu",
            "bunun",
            "değil",
            "ise",
            "model",
            "veri",
            "mi"
        ),
    };

    public static readonly LanguageProfile Vietnamese = new()
    {
        Code = "vi",
        Name = "Vietnamese",
        LengthPrior = 1.1,
        Abbreviations = Set("v.v", "ts", "ths", "pgs", "gs", "tr", "tp", "vd"),
        Stopwords = Set(
            "của",
            "và",
            "là",
            "các",
            "những",
            "được",
            "trong",
            "cho",
            "với",
            "một",
            "có",
            "không",
            "này",
            "để",
            "khi",
            "từ",
            "đến",
            "người",
            "ta",
            "chúng",
            "như",
            "thì",
            "cũng",
            "mô",
            "hình",
            "dữ",
            "liệu",
            "ra",
            "vào",
            "bằng"
        ),
    };

    public static IReadOnlyList<LanguageProfile> All { get; } =
    [English, Chinese, Japanese, Korean, Portuguese, Turkish, Vietnamese, Spanish];

    /// <summary>The primary subtag of a language code, lower case: "pt-BR" → "pt", "zh_CN" → "zh".</summary>
    public static string Primary(string code) => code.Trim().ToLowerInvariant().Split('-', '_')[0];

    public static LanguageProfile? Find(string code)
    {
        var primary = Primary(code);
        return All.FirstOrDefault(p => p.Code == primary);
    }

    /// <summary>The profile of a language code; a language without one gets a spaced Latin-script profile with the
    /// English abbreviations and no identification (nothing is filtered as "not in the language").</summary>
    public static LanguageProfile For(string code) =>
        Find(code) ?? new LanguageProfile { Code = Primary(code), Name = code };

    /// <summary>Like <see cref="For"/> but refuses an unknown code (for commands where a wrong code would waste
    /// money).</summary>
    public static LanguageProfile Require(string code, string what) =>
        Find(code)
        ?? throw AmtsException.Input(
            $"{what}: no language profile for '{code}'",
            $"use one of {string.Join(", ", All.Select(p => p.Code))}"
        );
}
