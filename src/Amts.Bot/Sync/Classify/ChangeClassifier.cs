using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

internal enum ChangeKind
{
    Kept,
    Patched,
    CodeMerged,
    Retranslated,
    Inserted,
    Deleted,
    Moved,
    Review,
}

/// <summary>
/// When an English edit is cosmetic, so that the human translation stays untouched. Explicit and configurable;
/// anything outside it is retranslated ("when in doubt, retranslate").
/// </summary>
internal sealed record CosmeticRules
{
    /// <summary>At most this many words may change in a block (typos, case, articles).</summary>
    public int MaxChangedWords { get; init; } = 3;

    /// <summary>A spelling fix: an edit distance (with transpositions) of at most this, and at most a third of the
    /// word.</summary>
    public int MaxEditDistance { get; init; } = 2;
    public bool IgnoreCase { get; init; } = true;
    public bool IgnorePunctuation { get; init; } = true;

    /// <summary>"a" ↔ "an" (and "A" ↔ "An").</summary>
    public bool IgnoreArticles { get; init; } = true;

    /// <summary>At most this many words may be added or removed in a block, each one of <see cref="NeutralWords"/>
    /// ("the", "also", "then": words a translator does not render one for one). 1: one such word per edit is what the
    /// d2l typo commits add or drop; a second word is a rewording.</summary>
    public int MaxAddedOrRemovedWords { get; init; } = 1;

    /// <summary>Words whose addition or removal does not change what a sentence says (compared ignoring
    /// case).</summary>
    public IReadOnlySet<string> NeutralWords { get; init; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "a",
            "an",
            "the",
            "also",
            "just",
            "then",
            "now",
            "here",
            "so",
            "very",
            "simply",
            "still",
            "further",
            "again",
            "both",
            "that",
            "which",
            "of",
            "to",
            "in",
            "on",
            "for",
            "as",
            "and",
            "or",
            "is",
            "are",
            "be",
            "we",
            "it",
            "this",
            "these",
            "those",
        };

    /// <summary>Text shown only in the slides, <c>(~~…~~)</c> (d2lbook's slide syntax, struck out of the book): adding,
    /// removing or changing it does not change the book's sentence.</summary>
    public bool IgnoreSlideOnlyText { get; init; } = true;

    public static readonly CosmeticRules Default = new();
}

/// <summary>A protected span whose text changed: patched in the translation without machine translation.
/// <see cref="Token"/>: a number or version string of the prose (<see cref="NumberPatch"/>), found as a whole token
/// that stands once in the English and once in the translation, never as a substring.</summary>
internal sealed record SpanPatch(string Old, string New)
{
    public bool Token { get; init; }
}

/// <summary><see cref="SlideMarkers"/>: for a change in slide markers only, how many the new English has (else
/// -1).</summary>
internal sealed record Classification(
    ChangeKind Kind,
    string Reason,
    IReadOnlyList<SpanPatch> Patches,
    int SlideMarkers = -1
);

/// <summary>Decides, for one modified English block, the cheapest faithful way to carry the change over.</summary>
internal static partial class ChangeClassifier
{
    const char SpanMark = '\u0001';

    public static Classification Classify(Block oldBlock, Block newBlock, CosmeticRules? rules = null)
    {
        rules ??= CosmeticRules.Default;
        if (oldBlock.Kind == BlockKind.Code || newBlock.Kind == BlockKind.Code)
            return new(ChangeKind.CodeMerged, "code cell changed", []);
        if (oldBlock.Kind == BlockKind.DisplayMath && newBlock.Kind == BlockKind.DisplayMath)
        {
            // $$ on lines of their own or around the formula: layout, and the translation's layout stays.
            if (MathKey(oldBlock.Text) == MathKey(newBlock.Text))
                return new(ChangeKind.Kept, "only whitespace or line breaks changed in display math", []);
            return new(
                ChangeKind.Patched,
                "display math changed",
                [new SpanPatch(oldBlock.Text.TrimEnd(), newBlock.Text.TrimEnd())]
            );
        }
        if (!oldBlock.IsProse || !newBlock.IsProse)
            return new(ChangeKind.Retranslated, $"{newBlock.Kind.ToString().ToLowerInvariant()} changed", []);

        if (rules.IgnoreSlideOnlyText && (oldBlock.Text.Contains("(~~") || newBlock.Text.Contains("(~~")))
        {
            var (o, n) = (WithoutSlideOnly(oldBlock.Text), WithoutSlideOnly(newBlock.Text));
            if (Normalize(o) == Normalize(n))
                return new(ChangeKind.Kept, "cosmetic: only slide-only text (~~…~~) changed", []);
            if (o != oldBlock.Text || n != newBlock.Text)
            {
                var inner = Classify(
                    oldBlock with
                    {
                        Text = o,
                    },
                    newBlock with
                    {
                        Text = n,
                    },
                    rules with
                    {
                        IgnoreSlideOnlyText = false,
                    }
                );
                return inner.Kind == ChangeKind.Kept
                    ? inner with
                    {
                        Reason = inner.Reason + ", slide-only text (~~…~~)",
                    }
                    : inner;
            }
        }
        var oldSpans = ProtectedSpans.Find(oldBlock.Text);
        var newSpans = ProtectedSpans.Find(newBlock.Text);
        var oldSkeleton = Skeleton(oldBlock.Text, oldSpans);
        var newSkeleton = Skeleton(newBlock.Text, newSpans);
        var spansEqual = oldSpans
            .Select(s => s.Text(oldBlock.Text))
            .SequenceEqual(newSpans.Select(s => s.Text(newBlock.Text)));
        if (Normalize(oldSkeleton) == Normalize(newSkeleton))
        {
            if (spansEqual)
                return new(ChangeKind.Kept, "only whitespace or line breaks changed", []);
            var patches = oldSpans
                .Zip(newSpans)
                .Where(p => p.First.Text(oldBlock.Text) != p.Second.Text(newBlock.Text))
                .Select(p => new SpanPatch(p.First.Text(oldBlock.Text), p.Second.Text(newBlock.Text)))
                .ToList();
            return new(ChangeKind.Patched, "only protected spans (math, code, roles, URLs) changed", patches);
        }
        // d2l added slide markers (**…**) to prose after many translations were made; translations add their own.
        if (Markers(oldSpans) != Markers(newSpans))
        {
            var (o, n) = (WithoutMarkers(oldBlock.Text, oldSpans), WithoutMarkers(newBlock.Text, newSpans));
            if (Normalize(o) == Normalize(n))
                return new(ChangeKind.Patched, "only slide markers (**…**) changed", [], Markers(newSpans));
            // Markers added together with a cosmetic edit (a word, punctuation): still the same sentence.
            var inner = Classify(oldBlock with { Text = o }, newBlock with { Text = n }, rules);
            if (inner.Kind == ChangeKind.Kept)
                return new(
                    ChangeKind.Patched,
                    "only slide markers (**…**) changed, and " + inner.Reason,
                    [],
                    Markers(newSpans)
                );
        }
        if (spansEqual && IsCosmetic(Tokens(oldSkeleton), Tokens(newSkeleton), rules, out var why))
            return new(ChangeKind.Kept, why, []);
        if (NumberPatch.Changes(oldBlock.Text, newBlock.Text) is { } numbers)
        {
            var reason = $"only numbers or version strings changed ({NumberPatch.Describe(numbers)})";
            return new(ChangeKind.Patched, reason, numbers);
        }
        return new(ChangeKind.Retranslated, "the prose changed", []);
    }

    /// <summary>Display math compared without its layout: whitespace runs as one space, none next to the
    /// <c>$$</c>.</summary>
    static string MathKey(string math) =>
        Normalize(math).Replace("$$ ", "$$", StringComparison.Ordinal).Replace(" $$", "$$", StringComparison.Ordinal);

    /// <summary>A sentence's identity for the sentence diff: whitespace and slide markers do not count.</summary>
    public static string SentenceKey(string sentence) =>
        Normalize(WithoutMarkers(sentence, ProtectedSpans.Find(sentence)));

    /// <summary>The text without d2lbook's slide-only parts <c>(~~…~~)</c>.</summary>
    public static string WithoutSlideOnly(string text) => SlideOnly().Replace(text, "");

    [System.Text.RegularExpressions.GeneratedRegex(
        @"[ \t]*\(~~.*?~~\)",
        System.Text.RegularExpressions.RegexOptions.Singleline
    )]
    private static partial System.Text.RegularExpressions.Regex SlideOnly();

    static int Markers(IReadOnlyList<ProtectedSpan> spans) => spans.Count(x => x.Kind == ProtectedKind.SlideMarker);

    static string WithoutMarkers(string text, IReadOnlyList<ProtectedSpan> spans) =>
        ProtectedSpans.Replace(text, spans.Where(x => x.Kind == ProtectedKind.SlideMarker), "");

    static string Skeleton(string text, IReadOnlyList<ProtectedSpan> spans) =>
        ProtectedSpans.Replace(text, spans, SpanMark.ToString());

    static string Normalize(string s) =>
        string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Words (letters, digits, apostrophes) and single punctuation marks; whitespace is dropped.</summary>
    static List<string> Tokens(string s)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
                continue;
            }
            if (char.IsLetterOrDigit(s[i]))
            {
                int start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '\'' || s[i] == '’'))
                    i++;
                tokens.Add(s[start..i]);
            }
            else
                tokens.Add(s[i++].ToString());
        }
        return tokens;
    }

    static bool IsWord(string t) => char.IsLetterOrDigit(t[0]);

    static bool IsCosmetic(List<string> a, List<string> b, CosmeticRules rules, out string why)
    {
        why = "";
        var common = BlockDiff.Lcs(a, b);
        int ai = 0,
            bi = 0,
            changedWords = 0,
            added = 0;
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (ma, mb) in common.Append((a.Count, b.Count)))
        {
            var oldPart = a.GetRange(ai, ma - ai);
            var newPart = b.GetRange(bi, mb - bi);
            ai = ma + 1;
            bi = mb + 1;
            if (oldPart.Count == 0 && newPart.Count == 0)
                continue;
            var oldWords = oldPart.Where(IsWord).ToList();
            var newWords = newPart.Where(IsWord).ToList();
            if (oldWords.Count != oldPart.Count || newWords.Count != newPart.Count)
            {
                if (!rules.IgnorePunctuation)
                    return false;
                reasons.Add("punctuation");
            }
            if (oldWords.Count != newWords.Count)
            {
                // A word added or removed (not replaced): cosmetic when it is a neutral word, within the limit.
                var extra =
                    oldWords.Count == 0 ? newWords
                    : newWords.Count == 0 ? oldWords
                    : null;
                if (
                    extra == null
                    || added + extra.Count > rules.MaxAddedOrRemovedWords
                    || !extra.All(rules.NeutralWords.Contains)
                )
                    return false;
                added += extra.Count;
                reasons.Add($"{(oldWords.Count == 0 ? "added" : "removed")} \"{string.Join(" ", extra)}\"");
                continue;
            }
            for (int k = 0; k < oldWords.Count; k++)
            {
                var (o, n) = (oldWords[k], newWords[k]);
                changedWords++;
                if (rules.IgnoreCase && string.Equals(o, n, StringComparison.OrdinalIgnoreCase))
                    reasons.Add("capitalisation");
                else if (rules.IgnoreArticles && IsArticleSwap(o, n))
                    reasons.Add("a/an");
                else if (IsTypoFix(o, n, rules))
                    reasons.Add($"spelling ({o} → {n})");
                else
                    return false;
            }
        }
        if (changedWords > rules.MaxChangedWords)
            return false;
        why = "cosmetic: " + string.Join(", ", reasons);
        return true;
    }

    static bool IsArticleSwap(string o, string n) =>
        (o.ToLowerInvariant(), n.ToLowerInvariant()) is ("a", "an") or ("an", "a");

    static bool IsTypoFix(string o, string n, CosmeticRules rules)
    {
        if (o.Length < 3 || n.Length < 3 || o.Any(char.IsDigit) || n.Any(char.IsDigit))
            return false;
        int d = EditDistance(o.ToLowerInvariant(), n.ToLowerInvariant());
        return d <= rules.MaxEditDistance && d * 3 <= Math.Max(o.Length, n.Length);
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
