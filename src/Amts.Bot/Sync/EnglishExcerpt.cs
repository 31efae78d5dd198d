using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>
/// What a change did to the English, shortly: the English it replaced and the English it brought. For prose, the
/// changed sentences (the unchanged ones around them left out); for anything else (code, tables, math), the changed
/// lines. Where sentences or lines were only added or only removed, the one before them stands on both sides, so that
/// neither side is empty for a change inside a block; a block added in English has no before, a removed one no after.
/// </summary>
internal static class EnglishExcerpt
{
    /// <summary>The longest excerpt, in characters. Every sync commit carries its report as a git note, and each run
    /// reads back all the reports the branch carries (and writes them to report.json): whole changed blocks (code
    /// cells, long paragraphs) per change would make a catch-up of thousands of changes many megabytes more. 300
    /// characters are two or three sentences, enough to see what changed; the whole English is one click away in the
    /// compare view. On the day-one catch-up of d2l-zh (6,676 changes) the excerpts are 1.6 MB of a 7.5 MB
    /// report.json.</summary>
    public const int MaxChars = 300;

    /// <summary>"English before: …" and "English after: …" of a change (neutralised, cut to <paramref name="max"/>
    /// characters); none for a report written before they were recorded.</summary>
    public static IReadOnlyList<string> Lines(PlannedChange change, int max)
    {
        if (change.EnglishBefore == null && change.EnglishAfter == null)
            return [];
        string Quote(string? text, string none) => text == null ? none : UntrustedMarkdown.Text(Cut(text, max));
        return
        [
            "English before: " + Quote(change.EnglishBefore, "(none: added in English)"),
            "English after: " + Quote(change.EnglishAfter, "(none: removed in English)"),
        ];
    }

    public static (string? Before, string? After) Of(Block? oldBlock, Block? newBlock)
    {
        if (oldBlock == null && newBlock == null)
            return (null, null);
        bool prose = (oldBlock?.IsProse ?? true) && (newBlock?.IsProse ?? true);
        string separator = prose ? " " : "\n";
        List<string> Units(Block block) =>
            prose
                ? SentenceAligner.TextsOf([block], "en").Select(Flat).Where(s => s.Length > 0).ToList()
                : block.Text.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToList();
        string? Excerpt(List<string> units) => units.Count == 0 ? null : Cut(string.Join(separator, units));
        if (oldBlock == null)
            return (null, Excerpt(Units(newBlock!)));
        if (newBlock == null)
            return (Excerpt(Units(oldBlock)), null);
        var (a, b) = (Units(oldBlock), Units(newBlock));
        if (a.SequenceEqual(b))
            return (Excerpt(a), Excerpt(b)); // moved, or changed in layout only
        int head = 0,
            tail = 0;
        while (head < a.Count && head < b.Count && a[head] == b[head])
            head++;
        while (tail < a.Count - head && tail < b.Count - head && a[^(tail + 1)] == b[^(tail + 1)])
            tail++;
        if (head + tail == a.Count || head + tail == b.Count)
        {
            if (head > 0)
                head--;
            else if (tail > 0)
                tail--;
        }
        return (Excerpt(a[head..(a.Count - tail)]), Excerpt(b[head..(b.Count - tail)]));
    }

    static string Flat(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The text, or its first <paramref name="max"/> − 1 characters and "…" (never half a surrogate
    /// pair).</summary>
    public static string Cut(string text, int max = MaxChars)
    {
        if (text.Length <= max)
            return text;
        int n = max - 1;
        if (char.IsHighSurrogate(text[n - 1]))
            n--;
        return text[..n] + "…";
    }
}
