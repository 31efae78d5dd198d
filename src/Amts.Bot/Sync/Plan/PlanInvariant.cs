using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>A change of a plan that breaks the invariant (<see cref="Change"/> indexes the plan's changes; -1: an edit
/// that belongs to none).</summary>
internal sealed record InvariantViolation(int Change, string Message);

/// <summary>
/// The promise of the sync, checked on every plan before anything is written: the translation's human text is only
/// removed or replaced where the English that changed was aligned to it with confidence; new text is only put next
/// to a neighbour located with confidence; the translation's tab groups and code fences change only as the English
/// changed them; a slide marker is never opened inside an open one. A change that breaks it is not applied: it
/// becomes an item for review (never an exception).
/// </summary>
internal static class PlanInvariant
{
    public static IReadOnlyList<InvariantViolation> Check(FilePlan plan)
    {
        var violations = new List<InvariantViolation>();
        var text = plan.OriginalTarget;
        int? nested = null; // the translation's own nested slide markers, counted once when a change touches markers
        foreach (var e in plan.Edits.Where(e => e.Change < 0 || e.Change >= plan.Changes.Count))
            violations.Add(new(-1, $"an edit at offset {e.Start} belongs to no reported change"));
        foreach (
            var group in plan.Edits.Where(e => e.Change >= 0 && e.Change < plan.Changes.Count).GroupBy(e => e.Change)
        )
        {
            int c = group.Key;
            var evidence = c < plan.Evidence.Count ? plan.Evidence[c] : null;
            if (evidence == null)
            {
                violations.Add(new(c, "the change edits the translation but records no place it was located at"));
                continue;
            }
            string? problem = null;
            if (evidence.Located is { } loc && !Covered(plan, loc))
                problem =
                    $"it edits lines {LineOf(text, loc.Start)}–{LineOf(text, loc.End)} of the translation, which the "
                    + "alignment did not locate with confidence";
            foreach (var e in group)
            {
                if (problem != null)
                    break;
                if (e.Start < 0 || e.End > text.Length)
                {
                    problem = $"an edit at offset {e.Start} lies outside the translation";
                    break;
                }
                if (e.Length > 0)
                {
                    if (evidence.Located is not { } l || e.Start < l.Start || e.End > l.End)
                        problem =
                            $"it removes or replaces human text at line {LineOf(text, e.Start)} that no English "
                            + "deletion or change was aligned to";
                }
                else
                {
                    bool inside = evidence.Located is { } l && e.Start >= l.Start && e.Start <= l.End;
                    bool anchored = evidence.Anchor == e.Start && AtBoundary(plan, e.Start);
                    if (!inside && !anchored)
                        problem =
                            $"it inserts text at line {LineOf(text, e.Start)}, which is next to no part of the "
                            + "translation located with confidence";
                }
            }
            if (problem == null)
            {
                var before = group.Aggregate(default(StructureCount), (acc, e) =>
                    acc + StructureCount.Of(text.Substring(e.Start, e.Length))
                );
                var after = group.Aggregate(default(StructureCount), (acc, e) =>
                    acc + StructureCount.Of(e.LiteralText)
                );
                if (after - before != evidence.EnglishDelta)
                    problem =
                        $"it would change the translation's structure by {after - before} where the English changed "
                        + $"it by {evidence.EnglishDelta}";
            }
            if (problem == null && SlideMarkers.WouldNest(text, group.ToList(), plan.Requests, ref nested))
                problem = "it would open slide markers (**…**) inside open ones (wrapped twice or nested)";
            if (problem != null)
                violations.Add(new(c, problem));
        }
        // Two changes editing the same text: the later one is not applied.
        int end = 0,
            owner = -1;
        foreach (var e in plan.Edits.OrderBy(e => e.Start).ThenBy(e => e.Change))
        {
            if (e.Start < end && e.Change != owner && violations.All(v => v.Change != owner))
                violations.Add(
                    new(
                        e.Change,
                        $"it edits line {LineOf(text, e.Start)} of the translation, which another change edits too"
                    )
                );
            if (e.End >= end)
            {
                end = e.End;
                owner = e.Change;
            }
        }
        return violations;
    }

    /// <summary>The plan with every change that breaks the invariant turned into review: its edits dropped and its
    /// segments no longer sent to the engine.</summary>
    public static FilePlan Enforce(FilePlan plan)
    {
        var violations = Check(plan);
        if (violations.Count == 0)
            return plan;
        var bad = violations.GroupBy(v => v.Change).ToDictionary(g => g.Key, g => g.First().Message);
        var droppedRequests = plan.Changes.Where((c, i) => bad.ContainsKey(i)).SelectMany(c => c.Requests).ToHashSet();
        var renumber = new Dictionary<int, int>();
        var requests = new List<string>();
        for (int r = 0; r < plan.Requests.Count; r++)
            if (!droppedRequests.Contains(r))
            {
                renumber[r] = requests.Count;
                requests.Add(plan.Requests[r]);
            }
        var edits = plan
            .Edits.Where(e => e.Change >= 0 && e.Change < plan.Changes.Count && !bad.ContainsKey(e.Change))
            .Select(e =>
                e with
                {
                    Parts = e
                        .Parts.Select(p => p.Literal != null ? p : TemplatePart.Translation(renumber[p.Request]))
                        .ToList(),
                }
            )
            .ToList();
        var changes = plan
            .Changes.Select(
                (c, i) =>
                    bad.TryGetValue(i, out var why)
                        ? c with
                        {
                            Kind = ChangeKind.Review,
                            Reason =
                                $"{c.Kind.ToString().ToLowerInvariant()} not applied: {why} (held for review by the "
                                + "plan invariant)",
                            Requests = [],
                            NeedsReview = true,
                        }
                        : c with
                        {
                            Requests = c.Requests.Select(r => renumber[r]).ToList(),
                        }
            )
            .ToList();
        return plan with { Edits = edits, Changes = changes, Requests = requests };
    }

    static bool AtBoundary(FilePlan plan, int offset)
    {
        if (plan.OriginalTarget.Trim().Length == 0)
            return offset == 0;
        return plan.Confident.Any(r => r.Start == offset || r.End == offset);
    }

    /// <summary>Whether a range of the translation lies within the confidently located parts (gaps of blank text
    /// allowed).</summary>
    static bool Covered(FilePlan plan, TextRange range)
    {
        int pos = range.Start;
        foreach (var r in plan.Confident.OrderBy(r => r.Start))
        {
            if (r.End <= pos)
                continue;
            if (r.Start > pos && !string.IsNullOrWhiteSpace(plan.OriginalTarget[pos..Math.Min(r.Start, range.End)]))
                return false;
            if (r.Start >= range.End)
                break;
            pos = Math.Max(pos, r.End);
            if (pos >= range.End)
                return true;
        }
        return pos >= range.End || string.IsNullOrWhiteSpace(plan.OriginalTarget[pos..range.End]);
    }

    static int LineOf(string text, int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < text.Length; i++)
            if (text[i] == '\n')
                line++;
        return line;
    }
}
