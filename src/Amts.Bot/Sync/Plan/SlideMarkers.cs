using System.Text;
using System.Text.RegularExpressions;
using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>What to do with a slide marker the English put on a line of its own: keep the translation's own
/// (<see cref="ChangeKind.Kept"/>), insert <see cref="Text"/> at <see cref="At"/> next to <see cref="Neighbour"/>, the
/// located translation of the block it marks (<see cref="ChangeKind.Patched"/>), or leave it to a person.</summary>
internal sealed record MarkerPlacement(
    ChangeKind Kind,
    string Reason,
    IReadOnlyList<int>? Neighbour,
    int At = -1,
    string Text = ""
);

/// <summary>
/// d2lbook's slide markers, <c>(**</c> … <c>**)</c> and <c>[**</c> … <c>**]</c>, carried into a translation: put
/// around the located human text where the English puts them around a whole block or sentence, kept where the
/// translation has its own, never a second pair inside a first. Where they cannot be placed exactly, a person
/// places them.
/// </summary>
internal static partial class SlideMarkers
{
    [GeneratedRegex(@"\(\*\*|\[\*\*|\*\*\)|\*\*\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    static bool IsOpener(string marker) => marker[0] != '*';

    /// <summary>The marker when the block is a paragraph of one slide marker alone (<c>(**</c> above display
    /// math).</summary>
    public static string? Alone(Block block)
    {
        if (block.Kind != BlockKind.Paragraph)
            return null;
        var text = block.Text.Trim();
        return text.Length == 3 && Marker().IsMatch(text) ? text : null;
    }

    /// <summary>Whether a text has a slide marker at all (a cheap test before <see cref="Nested"/>).</summary>
    static bool Any(string text) => text.Contains("**", StringComparison.Ordinal) && Marker().IsMatch(text);

    /// <summary>Walks the markers of prose up to <paramref name="stop"/> (code cells and inline code left out; a
    /// heading line or a code cell closes whatever is open, as markers never span them): the depth there, and in
    /// <paramref name="nested"/> how many markers opened while another was open.</summary>
    static int Walk(string text, int stop, out int nested)
    {
        int depth = 0,
            pos = 0;
        bool fence = false;
        nested = 0;
        stop = Math.Min(stop, text.Length);
        while (pos < stop)
        {
            int nl = text.IndexOf('\n', pos);
            int end = nl < 0 ? text.Length : nl;
            var line = text.AsSpan(pos, end - pos);
            var trimmed = line.TrimStart();
            if (
                trimmed.StartsWith("```", StringComparison.Ordinal)
                || trimmed.StartsWith("~~~", StringComparison.Ordinal)
            )
            {
                fence = !fence;
                depth = 0;
            }
            else if (!fence)
            {
                if (trimmed.StartsWith("#", StringComparison.Ordinal))
                    depth = 0;
                if (line.Contains("**", StringComparison.Ordinal))
                {
                    var prose = InlineCode().Replace(line.ToString(), m => new string(' ', m.Length));
                    foreach (Match m in Marker().Matches(prose))
                    {
                        if (pos + m.Index >= stop)
                            return depth;
                        if (IsOpener(m.Value) && depth > 0)
                            nested++;
                        depth = IsOpener(m.Value) ? depth + 1 : Math.Max(0, depth - 1);
                    }
                }
            }
            pos = end + 1;
        }
        return depth;
    }

    /// <summary>How many markers open while another is open: 0 in a translation whose slides are well formed.</summary>
    public static int Nested(string text)
    {
        Walk(text, int.MaxValue, out int nested);
        return nested;
    }

    /// <summary>How many markers are open at <paramref name="offset"/>.</summary>
    static int DepthAt(string text, int offset) => Walk(text, offset, out _);

    /// <summary>
    /// A marker the English put on a line of its own (block edit <paramref name="i"/>, inserted): it marks the next
    /// block of the new English (an opener) or the previous one (a closer). When that block is new too, null: the
    /// marker is inserted with it like any new block. When its translation was not located, review.
    /// </summary>
    public static MarkerPlacement? Place(
        string marker,
        IReadOnlyList<BlockEdit> edits,
        int i,
        MarkdownDocument newEnglish,
        MarkdownDocument target,
        IReadOnlyDictionary<int, IReadOnlyList<int>> located
    )
    {
        bool opener = IsOpener(marker);
        int j = i;
        do j += opener ? 1 : -1;
        while (j >= 0 && j < edits.Count && edits[j].Kind == BlockEditKind.Deleted);
        if (j < 0 || j >= edits.Count || edits[j].Kind is BlockEditKind.Inserted or BlockEditKind.Moved)
            return null;
        if (located.GetValueOrDefault(edits[j].Old!.Value) is not { } neighbour)
            return new(
                ChangeKind.Review,
                $"slide marker {marker} added in English on a line of its own, next to a "
                    + "block whose translation could not be located: add it by hand",
                null
            );
        int k = edits[i].New!.Value + (opener ? 1 : -1);
        bool blank = k >= 0 && k < newEnglish.Blocks.Count && newEnglish.Blocks[k].Kind == BlockKind.Blank;
        return ForAlone(marker, target, neighbour, blank);
    }

    /// <summary>
    /// A marker the English put on a line of its own next to a block whose translation is
    /// <paramref name="neighbour"/> (an opener: the block after it; a closer: the block before it). The translation
    /// has its own when that block is inside markers already or starts (ends) with one; else the marker goes right
    /// before (after) it, with a blank line between them when the English has one.
    /// </summary>
    static MarkerPlacement ForAlone(
        string marker,
        MarkdownDocument target,
        IReadOnlyList<int> neighbour,
        bool blankBetween
    )
    {
        var text = target.Text;
        var first = target.Blocks[neighbour[0]];
        var last = target.Blocks[neighbour[^1]];
        int start = first.Offset,
            end = last.Offset + last.Text.Length;
        bool opener = IsOpener(marker);
        bool has = opener
            ? DepthAt(text, start) > 0 || StartsWithOpener(first.Text)
            : DepthAt(text, end) > 0 || EndsWithCloser(last.Text);
        var what = $"slide marker {marker} added in English on a line of its own";
        if (has)
            return new(ChangeKind.Kept, what + "; the translation has its own", neighbour);
        string blank = blankBetween ? "\n" : "";
        var insert =
            opener ? marker + "\n" + blank
            : end > 0 && text[end - 1] == '\n' ? blank + marker + "\n"
            : "\n" + blank + marker;
        return new(
            ChangeKind.Patched,
            what + $"; put {(opener ? "before" : "after")} the translation it marks",
            neighbour,
            opener ? start : end,
            insert
        );
    }

    static bool StartsWithOpener(string text)
    {
        var t = text.TrimStart();
        return t.Length >= 3 && Marker().IsMatch(t[..3]) && IsOpener(t[..3]);
    }

    static bool EndsWithCloser(string text)
    {
        var t = text.TrimEnd();
        return t.Length >= 3 && Marker().IsMatch(t[^3..]) && !IsOpener(t[^3..]);
    }

    /// <summary>The slide markers of a sentence (code spans aside; <c>(~~</c> is no slide marker here).</summary>
    static List<ProtectedSpan> Of(string sentence) =>
        ProtectedSpans
            .Find(sentence)
            .Where(s => s.Kind == ProtectedKind.SlideMarker && sentence[s.Start + 1] == '*')
            .ToList();

    /// <summary>
    /// For sentences kept one for one (<paramref name="kept"/>: old English, new English), the markers the new
    /// English adds around a whole sentence, or a run of sentences, as insertions into the translation at the edges
    /// of the translated sentences they are matched with. Null, with <paramref name="unsure"/> saying why, where a
    /// marker stands inside a sentence, the match is not sure, or the translation has some of the sentence's
    /// markers but not all.
    /// </summary>
    public static List<(int At, string Text)>? ForSentences(
        IEnumerable<(int A, int B)> kept,
        List<Sentence> oldS,
        List<Sentence> newS,
        List<Sentence> tgtS,
        IReadOnlyList<SentencePair> pairs,
        double minConfidence,
        out string? unsure
    )
    {
        var inserts = new List<(int At, string Text)>();
        unsure = null;
        foreach (var (o, w) in kept)
        {
            var added = Of(newS[w].Text);
            int before = Of(oldS[o].Text).Count;
            if (added.Count <= before)
                continue; // the same markers, or fewer: the translation's stay as they are
            var pair = pairs.FirstOrDefault(p => p.Source.Contains(o));
            var sentence = Short(newS[w].Text);
            if (pair == null || pair.Target.Count == 0 || pair.Confidence < minConfidence)
                return Fail($"\"{sentence}\" is not matched with its translation with confidence", out unsure);
            var targets = pair.Target.Order().ToList();
            int have = targets.Sum(t => Of(tgtS[t].Text).Count);
            if (have >= added.Count)
                continue; // the translation marks it already
            if (have > 0 || before > 0)
                return Fail($"the translation of \"{sentence}\" has {have} of its {added.Count} markers", out unsure);
            if (targets[^1] - targets[0] + 1 != targets.Count)
                return Fail($"the translation of \"{sentence}\" is not in one piece", out unsure);
            var text = newS[w].Text;
            foreach (var m in added)
            {
                var marker = m.Text(text);
                bool opener = IsOpener(marker);
                bool edge = opener
                    ? m.Start == 0 && o == pair.Source.Min()
                    : m.End == text.Length && o == pair.Source.Max();
                if (!edge)
                    return Fail($"the English puts {marker} inside the sentence \"{sentence}\"", out unsure);
                inserts.Add(opener ? (tgtS[targets[0]].Span.Start, marker) : (tgtS[targets[^1]].Span.End, marker));
            }
        }
        return inserts;
    }

    static List<(int, string)>? Fail(string why, out string? unsure)
    {
        unsure = why;
        return null;
    }

    static string Short(string s) => s.Length > 60 ? s[..57] + "..." : s;

    /// <summary>Whether the edits of one change, applied alone to <paramref name="text"/> (each segment to translate
    /// taken as its English, whose markers a translation keeps), would open a slide marker inside another more often
    /// than the text does. <paramref name="before"/> caches the text's own count.</summary>
    public static bool WouldNest(
        string text,
        IReadOnlyList<TextEdit> edits,
        IReadOnlyList<string> requests,
        ref int? before
    )
    {
        string Segment(int r) => r >= 0 && r < requests.Count ? requests[r] : "";
        string New(TextEdit e) => string.Concat(e.Parts.Select(p => p.Literal ?? Segment(p.Request)));
        if (!edits.Any(e => Any(New(e)) || Any(text.Substring(e.Start, e.Length))))
            return false;
        before ??= Nested(text);
        var sb = new StringBuilder(text.Length + 64);
        int pos = 0;
        foreach (var e in edits.OrderBy(e => e.Start))
        {
            if (e.Start < pos)
                return false; // overlapping edits are another rule's finding
            sb.Append(text, pos, e.Start - pos).Append(New(e));
            pos = e.End;
        }
        sb.Append(text, pos, text.Length - pos);
        return Nested(sb.ToString()) > before;
    }
}
