using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

public enum ChangeKind { Kept, Patched, CodeMerged, Retranslated, Inserted, Deleted, Moved, Review }

/// <summary>
/// When an English edit is cosmetic, so that the human translation stays untouched. Explicit and configurable;
/// anything outside it is retranslated ("when in doubt, retranslate").
/// </summary>
public sealed record CosmeticRules
{
    /// <summary>At most this many words may change in a block (typos, case, articles).</summary>
    public int MaxChangedWords { get; init; } = 3;
    /// <summary>A spelling fix: an edit distance (with transpositions) of at most this, and at most a third of the word.</summary>
    public int MaxEditDistance { get; init; } = 2;
    public bool IgnoreCase { get; init; } = true;
    public bool IgnorePunctuation { get; init; } = true;
    /// <summary>"a" ↔ "an" (and "A" ↔ "An").</summary>
    public bool IgnoreArticles { get; init; } = true;

    public static readonly CosmeticRules Default = new();
}

/// <summary>A protected span whose text changed: patched in the translation without machine translation.</summary>
public sealed record SpanPatch(string Old, string New);

/// <summary><see cref="SlideMarkers"/>: for a change in slide markers only, how many the new English has (else -1).</summary>
public sealed record Classification(ChangeKind Kind, string Reason, IReadOnlyList<SpanPatch> Patches, int SlideMarkers = -1);

/// <summary>Decides, for one modified English block, the cheapest faithful way to carry the change over.</summary>
public static class ChangeClassifier
{
    const char SpanMark = '\u0001';

    public static Classification Classify(Block oldBlock, Block newBlock, CosmeticRules? rules = null)
    {
        rules ??= CosmeticRules.Default;
        if (oldBlock.Kind == BlockKind.Code || newBlock.Kind == BlockKind.Code)
            return new(ChangeKind.CodeMerged, "code cell changed", []);
        if (oldBlock.Kind == BlockKind.DisplayMath && newBlock.Kind == BlockKind.DisplayMath)
            return new(ChangeKind.Patched, "display math changed", [new SpanPatch(oldBlock.Text.TrimEnd(), newBlock.Text.TrimEnd())]);
        if (!oldBlock.IsProse || !newBlock.IsProse)
            return new(ChangeKind.Retranslated, $"{newBlock.Kind.ToString().ToLowerInvariant()} changed", []);

        var oldSpans = ProtectedSpans.Find(oldBlock.Text);
        var newSpans = ProtectedSpans.Find(newBlock.Text);
        var oldSkeleton = Skeleton(oldBlock.Text, oldSpans);
        var newSkeleton = Skeleton(newBlock.Text, newSpans);
        var spansEqual = oldSpans.Select(s => s.Text(oldBlock.Text)).SequenceEqual(newSpans.Select(s => s.Text(newBlock.Text)));
        if (Normalize(oldSkeleton) == Normalize(newSkeleton))
        {
            if (spansEqual) return new(ChangeKind.Kept, "only whitespace or line breaks changed", []);
            var patches = oldSpans.Zip(newSpans).Where(p => p.First.Text(oldBlock.Text) != p.Second.Text(newBlock.Text))
                .Select(p => new SpanPatch(p.First.Text(oldBlock.Text), p.Second.Text(newBlock.Text))).ToList();
            return new(ChangeKind.Patched, "only protected spans (math, code, roles, URLs) changed", patches);
        }
        // d2l added slide markers (**…**) to prose after many translations were made; translations add their own.
        if (Markers(oldSpans) != Markers(newSpans) && Normalize(WithoutMarkers(oldBlock.Text, oldSpans)) == Normalize(WithoutMarkers(newBlock.Text, newSpans)))
            return new(ChangeKind.Patched, "only slide markers (**…**) changed", [], Markers(newSpans));
        if (spansEqual && IsCosmetic(Tokens(oldSkeleton), Tokens(newSkeleton), rules, out var why))
            return new(ChangeKind.Kept, why, []);
        return new(ChangeKind.Retranslated, "the prose changed", []);
    }

    /// <summary>A sentence's identity for the sentence diff: whitespace and slide markers do not count.</summary>
    public static string SentenceKey(string sentence) => Normalize(WithoutMarkers(sentence, ProtectedSpans.Find(sentence)));

    static int Markers(IReadOnlyList<ProtectedSpan> spans) => spans.Count(x => x.Kind == ProtectedKind.SlideMarker);

    static string WithoutMarkers(string text, IReadOnlyList<ProtectedSpan> spans) =>
        ProtectedSpans.Replace(text, spans.Where(x => x.Kind == ProtectedKind.SlideMarker), "");

    static string Skeleton(string text, IReadOnlyList<ProtectedSpan> spans) => ProtectedSpans.Replace(text, spans, SpanMark.ToString());

    static string Normalize(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Words (letters, digits, apostrophes) and single punctuation marks; whitespace is dropped.</summary>
    static List<string> Tokens(string s)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i])) { i++; continue; }
            if (char.IsLetterOrDigit(s[i]))
            {
                int start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '\'' || s[i] == '’')) i++;
                tokens.Add(s[start..i]);
            }
            else tokens.Add(s[i++].ToString());
        }
        return tokens;
    }

    static bool IsWord(string t) => char.IsLetterOrDigit(t[0]);

    static bool IsCosmetic(List<string> a, List<string> b, CosmeticRules rules, out string why)
    {
        why = "";
        var common = BlockDiff.Lcs(a, b);
        int ai = 0, bi = 0, changedWords = 0;
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (ma, mb) in common.Append((a.Count, b.Count)))
        {
            var oldPart = a.GetRange(ai, ma - ai);
            var newPart = b.GetRange(bi, mb - bi);
            ai = ma + 1;
            bi = mb + 1;
            if (oldPart.Count == 0 && newPart.Count == 0) continue;
            var oldWords = oldPart.Where(IsWord).ToList();
            var newWords = newPart.Where(IsWord).ToList();
            if (oldWords.Count != oldPart.Count || newWords.Count != newPart.Count)
            {
                if (!rules.IgnorePunctuation) return false;
                reasons.Add("punctuation");
            }
            if (oldWords.Count != newWords.Count) return false;
            for (int k = 0; k < oldWords.Count; k++)
            {
                var (o, n) = (oldWords[k], newWords[k]);
                changedWords++;
                if (rules.IgnoreCase && string.Equals(o, n, StringComparison.OrdinalIgnoreCase)) reasons.Add("capitalisation");
                else if (rules.IgnoreArticles && IsArticleSwap(o, n)) reasons.Add("a/an");
                else if (IsTypoFix(o, n, rules)) reasons.Add($"spelling ({o} → {n})");
                else return false;
            }
        }
        if (changedWords > rules.MaxChangedWords) return false;
        why = "cosmetic: " + string.Join(", ", reasons);
        return true;
    }

    static bool IsArticleSwap(string o, string n) =>
        (o.ToLowerInvariant(), n.ToLowerInvariant()) is ("a", "an") or ("an", "a");

    static bool IsTypoFix(string o, string n, CosmeticRules rules)
    {
        if (o.Length < 3 || n.Length < 3 || o.Any(char.IsDigit) || n.Any(char.IsDigit)) return false;
        int d = EditDistance(o.ToLowerInvariant(), n.ToLowerInvariant());
        return d <= rules.MaxEditDistance && d * 3 <= Math.Max(o.Length, n.Length);
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
