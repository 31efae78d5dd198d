using System.Text;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

internal sealed partial class FilePlanner
{
    /// <summary>Fills the templates with the engine's results (a miss keeps the English, visibly marked) and applies
    /// the edits to the original translation. Overlapping edits are a planning error, never silently merged.</summary>
    public static FileSyncResult Apply(FilePlan plan, IReadOnlyList<TranslationResult> results)
    {
        if (results.Count != plan.Requests.Count)
            throw new InvalidOperationException(
                $"{plan.TargetPath}: {plan.Requests.Count} segments sent, {results.Count} results"
            );
        // Every segment sent belongs to a reported change, or the characters reported would not be what was sent.
        if (
            plan.Changes.Sum(c => c.Requests.Count) != plan.Requests.Count
            || plan.Changes.SelectMany(c => c.Requests).Distinct().Count() != plan.Requests.Count
        )
            throw new InvalidOperationException(
                $"{plan.TargetPath}: a segment to translate belongs to no reported change"
            );
        string Fill(TextEdit e) =>
            string.Concat(
                e.Parts.Select(p => p.Literal ?? results[p.Request].Text ?? Untranslated + plan.Requests[p.Request])
            );
        var ordered = plan
            .Edits.Select((e, i) => (e, i))
            .OrderBy(x => x.e.Start)
            .ThenBy(x => x.i)
            .Select(x => (E: x.e, Text: Fill(x.e)))
            .ToList();
        var sb = new StringBuilder(plan.OriginalTarget.Length + 1024);
        // where each edit's text starts in the new translation
        var at = new Dictionary<TextEdit, int>(ReferenceEqualityComparer.Instance);
        int pos = 0;
        foreach (var (e, text) in ordered)
        {
            if (e.Start < pos)
                throw new InvalidOperationException($"{plan.TargetPath}: overlapping edits at offset {e.Start}");
            sb.Append(plan.OriginalTarget, pos, e.Start - pos);
            at[e] = sb.Length;
            sb.Append(text);
            pos = e.Start + e.Length;
        }
        sb.Append(plan.OriginalTarget, pos, plan.OriginalTarget.Length - pos);
        var written = sb.ToString();
        var (originalLines, writtenLines) = (new LineStarts(plan.OriginalTarget), new LineStarts(written));
        var index = new EditIndex(ordered);
        var applied = plan
            .Changes.Select(
                (c, i) =>
                {
                    var (lines, suggestion) = Written(
                        plan,
                        index,
                        at,
                        written,
                        originalLines,
                        writtenLines,
                        c,
                        i,
                        results
                    );
                    return new AppliedChange(
                        c,
                        c.Requests.Sum(r => plan.Requests[r].Length),
                        c.Requests.Count(r => results[r].Text != null),
                        c.Requests.Where(r => results[r].Text == null).Select(r => plan.Requests[r]).ToList()
                    )
                    {
                        Lines = lines,
                        Suggestion = suggestion,
                    };
                }
            )
            .ToList();
        return new FileSyncResult(plan.TargetPath, written, applied);
    }

    /// <summary>The longest suggestion kept, in characters: the report keeps it (a git note on every sync commit, read
    /// back on each run), and a suggestion is taken whole or not at all. The longest prose block of d2l-zh (code cells
    /// aside) has about 2,500 characters, so 4,000 leave out only what is better compared in the diff than replaced in
    /// one click.</summary>
    const int MaxSuggestionChars = 4000;

    /// <summary>
    /// Where change <paramref name="index"/> is in the translation as written: the lines its translation lines
    /// (<see cref="PlannedChange.Target"/>) moved to, or, for an addition, the lines of its new text; null when nothing
    /// of it is left. And, where the engine left English in the place of human text (an edit whose every segment went
    /// untranslated and that replaced text of the translation other than the bot's own marked English), those lines as
    /// they would be with that human text back: a suggestion that replaces exactly them, taking out only the bot's
    /// English.
    /// </summary>
    static (LineRange? Lines, string? Suggestion) Written(
        FilePlan plan,
        EditIndex edits,
        Dictionary<TextEdit, int> at,
        string written,
        LineStarts originalLines,
        LineStarts writtenLines,
        PlannedChange change,
        int index,
        IReadOnlyList<TranslationResult> results
    )
    {
        var text = plan.OriginalTarget;
        var ownEdits = edits.Of(index);
        if (change.Target is not { } target)
        {
            // An addition: the lines of its own text, without the blank lines that separate it from its neighbours.
            var own = ownEdits.Where(x => x.Text.Trim('\r', '\n').Length > 0).ToList();
            if (own.Count == 0)
                return (null, null);
            int from = own.Min(x => at[x.E] + (x.Text.Length - x.Text.TrimStart('\r', '\n').Length));
            int to = own.Max(x => at[x.E] + x.Text.TrimEnd('\r', '\n').Length);
            return (new LineRange(writtenLines.LineAt(from), writtenLines.LineAt(to - 1)), null);
        }
        // The translation's lines target.First..target.Last as offsets [start, end), then where they are now: edits
        // that end at or before the start move it (another change's addition right before the block too, this change's
        // own addition at its start not); edits that start before the end move the end (an addition right at the end
        // only when it is this change's own). An addition right at either edge is within the lines when it is the
        // change's own.
        bool Own(TextEdit e) => e.Change == index;
        bool Before(TextEdit e, int at) => e.End <= at && !(e.Length == 0 && e.Start == at && Own(e));
        int start = originalLines.StartOf(target.First),
            end = originalLines.StartOf(target.Last + 1);
        if (start < 0)
            return (null, null);
        if (end < 0)
            end = text.Length;
        // (Clamped: lines that another change's edit cuts into must never fail the sync; they get no lines or a wide
        // range.)
        // (The edits are in text order and do not overlap, so those ending by an offset, and those starting before
        // one, are a prefix: EditIndex sums them once for all changes.)
        int newStart = Math.Clamp(
            start
                + edits.DeltaEndingBy(start)
                - ownEdits.Where(x => !Before(x.E, start) && x.E.End <= start).Sum(x => EditIndex.Delta(x)),
            0,
            written.Length
        );
        int newEnd = Math.Clamp(
            end
                + edits.DeltaStartingBefore(end)
                + ownEdits.Where(x => x.E.Length == 0 && x.E.Start == end).Sum(x => EditIndex.Delta(x)),
            0,
            written.Length
        );
        if (newEnd <= newStart || written[newStart..newEnd].Trim().Length == 0)
            return (null, null);
        var lines = new LineRange(writtenLines.LineAt(newStart), writtenLines.LineAt(newEnd - 1));

        bool Restorable(TextEdit e) =>
            e.Change == index
            && e.Length > 0
            && e.Parts.Any(p => p.Literal == null)
            && e.Parts.All(p => p.Literal != null || results[p.Request].Text == null)
            && !text.Substring(e.Start, e.Length).Contains(Untranslated, StringComparison.Ordinal);
        var inside = edits
            .Within(start, end)
            .Where(x => !(x.E.Length == 0 && (x.E.Start == start || x.E.Start == end) && !Own(x.E)))
            .ToList();
        if (!inside.Any(x => Restorable(x.E)))
            return (lines, null);
        // The lines as written, rebuilt from the edits inside them, must be what was written there: else no suggestion.
        string Rebuild(Func<TextEdit, bool> keepHuman)
        {
            var sb = new StringBuilder();
            int pos = start;
            foreach (var (e, filled) in inside)
            {
                sb.Append(text, pos, e.Start - pos).Append(keepHuman(e) ? text.Substring(e.Start, e.Length) : filled);
                pos = e.End;
            }
            return sb.Append(text, pos, end - pos).ToString();
        }
        if (Rebuild(_ => false) != written[newStart..newEnd])
            return (lines, null);
        var suggestion = Rebuild(Restorable);
        if (suggestion.Length > MaxSuggestionChars)
            return (lines, null);
        int ending =
            suggestion.EndsWith("\r\n", StringComparison.Ordinal) ? 2
            : suggestion.EndsWith('\n') ? 1
            : 0;
        return (lines, suggestion[..^ending]);
    }

    /// <summary>
    /// The filled edits of a plan in text order (by start, then plan order; applied, so none overlaps another): their
    /// starts and their ends are then both in order, which makes "the edits ending by an offset" and "the edits
    /// starting before an offset" prefixes and the edits within a range a run. Indexed once per apply, so that placing
    /// each of a file's changes costs a search, not a pass over every edit (a 20 MB added file has 25,000 of each).
    /// </summary>
    sealed class EditIndex
    {
        readonly List<(TextEdit E, string Text)> edits;
        readonly int[] starts,
            ends;

        /// <summary>prefix[k]: the length the first k edits add (filled text minus the text they replace).</summary>
        readonly long[] prefix;
        readonly Dictionary<int, List<(TextEdit E, string Text)>> byChange = [];

        public EditIndex(List<(TextEdit E, string Text)> ordered)
        {
            edits = ordered;
            starts = new int[ordered.Count];
            ends = new int[ordered.Count];
            prefix = new long[ordered.Count + 1];
            for (int k = 0; k < ordered.Count; k++)
            {
                var x = ordered[k];
                (starts[k], ends[k]) = (x.E.Start, x.E.End);
                prefix[k + 1] = prefix[k] + Delta(x);
                if (!byChange.TryGetValue(x.E.Change, out var own))
                    byChange[x.E.Change] = own = [];
                own.Add(x);
            }
        }

        public static int Delta((TextEdit E, string Text) x) => x.Text.Length - x.E.Length;

        /// <summary>The edits of one change, in text order.</summary>
        public IReadOnlyList<(TextEdit E, string Text)> Of(int change) =>
            byChange.TryGetValue(change, out var own) ? own : [];

        /// <summary>What the edits ending at or before <paramref name="offset"/> add.</summary>
        public int DeltaEndingBy(int offset) => (int)prefix[CountAtMost(ends, offset)];

        /// <summary>What the edits starting before <paramref name="offset"/> add.</summary>
        public int DeltaStartingBefore(int offset) => (int)prefix[CountAtMost(starts, offset - 1)];

        /// <summary>The edits that start at or after <paramref name="start"/> and end by <paramref name="end"/>, in
        /// text order.</summary>
        public IEnumerable<(TextEdit E, string Text)> Within(int start, int end)
        {
            for (int k = CountAtMost(starts, start - 1); k < edits.Count && ends[k] <= end; k++)
                yield return edits[k];
        }

        /// <summary>How many of the ascending <paramref name="values"/> are at most <paramref name="limit"/>.</summary>
        static int CountAtMost(int[] values, int limit)
        {
            int lo = 0,
                hi = values.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (values[mid] <= limit)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            return lo;
        }
    }
}
