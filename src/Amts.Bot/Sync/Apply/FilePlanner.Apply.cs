using System.Text;
using Amts.Bot.Alignment;
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
        var applied = plan
            .Changes.Select(
                (c, i) =>
                {
                    var (lines, suggestion) = Written(
                        plan,
                        ordered,
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
        List<(TextEdit E, string Text)> edits,
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
        int Delta(TextEdit e, string filled) => filled.Length - e.Length;
        if (change.Target is not { } target)
        {
            // An addition: the lines of its own text, without the blank lines that separate it from its neighbours.
            var own = edits.Where(x => x.E.Change == index && x.Text.Trim('\r', '\n').Length > 0).ToList();
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
        int newStart = Math.Clamp(
            start + edits.Where(x => Before(x.E, start)).Sum(x => Delta(x.E, x.Text)),
            0,
            written.Length
        );
        int newEnd = Math.Clamp(
            end
                + edits
                    .Where(x => x.E.Start < end || (x.E.Length == 0 && x.E.Start == end && Own(x.E)))
                    .Sum(x => Delta(x.E, x.Text)),
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
            .Where(x =>
                x.E.Start >= start
                && x.E.End <= end
                && !(x.E.Length == 0 && (x.E.Start == start || x.E.Start == end) && !Own(x.E))
            )
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
}
