using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>The body and its continuation comments, each under the forge's limit; nothing is cut.</summary>
internal sealed record PullRequestText(
    string Title,
    string Body,
    IReadOnlyList<string> Continuations,
    string FullMarkdown
);

/// <summary>
/// The sync pull request as a reviewer reads it: the range, a summary table per file (changes, needs review, engine
/// characters, cost), then only the items that need human eyes, grouped per file, each linked to its line in the
/// pull request's "Files changed"; routine items (kept, patched, code merged, whitespace, slide markers) are
/// counted, not listed. Everything the branch carries relative to the base is described (all the reports of its
/// commits). Where the body would pass the forge's limit, whole per-file sections move to continuation comments
/// (found again by their marker on the next run); a section longer than a comment is split between items.
/// Book text and file names go through <see cref="UntrustedMarkdown"/>: no mention, no issue link, no markup.
/// </summary>
internal static class PullRequestTextBuilder
{
    public const string ContinuationMarker = "<!-- amts:body-continued-{0} -->";

    /// <summary>Room kept below the limit for the marker and the "continued" line of each part.</summary>
    const int Reserve = 600;

    /// <summary>How much of the English before and after a review item quotes (about two sentences; the report keeps
    /// up to <see cref="Sync.EnglishExcerpt.MaxChars"/>): a body lists hundreds of items; the rest is one click
    /// away.</summary>
    const int EnglishExcerpt = 240;

    public static PullRequestText Build(
        IReadOnlyList<SyncReport> reports,
        IReadOnlyList<string> notes,
        IReadOnlyList<string> translatorKept,
        Func<string, int, string?> lineLink,
        int maxLength,
        Func<int, string, decimal> cost,
        string? reportHint
    )
    {
        var first = reports[0];
        var last = reports[^1];
        var title = $"[{last.Language}] Sync with {last.SourceName} {Short(first.From)}..{Short(last.To)}";
        var files = new List<(string Path, FileStatus Status, List<AppliedChange> Changes, string? Note)>();
        foreach (var r in reports)
        foreach (var f in r.Files)
        {
            var path = f.TargetPath ?? f.SourcePath;
            var i = files.FindIndex(x => x.Path == path);
            if (i < 0)
                files.Add((path, f.Status, [.. f.Changes], f.Note));
            else
                files[i] = (path, f.Status, [.. files[i].Changes, .. f.Changes], f.Note ?? files[i].Note);
        }
        static bool Review(AppliedChange c) => c.NeedsReview;
        var engine = last.Engine;

        var head = new StringBuilder();
        head.Append(
            $"Sync of {UntrustedMarkdown.Code(last.Language)} with {UntrustedMarkdown.Text(last.SourceName)} "
                + $"{UntrustedMarkdown.Code(Short(first.From) + ".." + Short(last.To))}"
        );
        if (last.CompareUrl != null && reports.Count == 1)
            head.Append($" ([compare]({last.CompareUrl}))");
        head.Append($", {reports.Count} sync commit(s) on this branch. Engine {UntrustedMarkdown.Code(engine)}.\n\n");
        // The run's notes, then what each sync commit's report says for as long as the pull request lives.
        notes = [.. notes, .. reports.SelectMany(r => r.Notes).Distinct()];
        foreach (var n in notes)
            head.Append("> ").Append(n).Append("\n>\n");
        if (notes.Count > 0)
            head.Length -= 2;
        if (notes.Count > 0)
            head.Append('\n');
        if (files.Count == 0)
            head.Append(
                "No Markdown file changed in this range (the English commits touched other files); only the recorded "
                    + "English commit moves.\n"
            );
        else
        {
            head.Append(
                "| file | status | changes | needs review | engine characters | cost |\n| --- | --- | ---: | ---: | "
                    + "---: | ---: |\n"
            );
            foreach (var f in files)
            {
                int mt = f.Changes.Sum(c => c.MtChars);
                int review =
                    f.Changes.Count(Review) + (f.Status.IsItem() ? 1 : 0) + (translatorKept.Contains(f.Path) ? 1 : 0);
                head.Append(
                    $"| {UntrustedMarkdown.Code(f.Path)} | {f.Status.Name()} | {f.Changes.Count} | {review} | "
                        + $"{mt:N0} | "
                        + $"${cost(mt, engine):F2} |\n"
                );
            }
            int totalMt = files.Sum(f => f.Changes.Sum(c => c.MtChars));
            head.Append(
                $"| **{files.Count} file(s)** | | {files.Sum(f => f.Changes.Count)} | "
                    + (files.Sum(f => f.Changes.Count(Review)) + files.Count(f => f.Status.IsItem()))
                    + $" | {totalMt:N0} | ${cost(totalMt, engine):F2} |\n"
            );
            var routine = files
                .SelectMany(f => f.Changes)
                .Where(c => !Review(c))
                .GroupBy(c => c.Change.Kind)
                .OrderBy(g => g.Key)
                .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")
                .ToList();
            if (routine.Count > 0)
                head.Append($"\nRoutine changes, counted and not listed: {string.Join(", ", routine)}.\n");
        }
        if (reportHint != null)
            head.Append('\n').Append(reportHint).Append('\n');

        var sections = new List<string>();
        foreach (var path in translatorKept)
            sections.Add(
                $"<details open><summary>{Html(path)}: translator's lines kept</summary>\n\n- A translator changed "
                    + "lines the bot also changed; the translator's lines were kept. Compare with the English and "
                    + "carry the English change over by hand if needed.\n\n</details>\n"
            );
        foreach (var f in files)
        {
            var items = new List<string>();
            if (f.Status.IsItem())
                items.Add($"- {f.Status.Name()}: {UntrustedMarkdown.Text(f.Note ?? f.Status.Name())}\n");
            foreach (var c in f.Changes.Where(Review))
            {
                var where = (c.Lines ?? c.Change.Target) is { } t
                    ? (lineLink(f.Path, t.First) is { } url ? $"[{Lines(t)}]({url})" : Lines(t))
                    : SyncReport.NoLine(c.Change);
                var item = new StringBuilder(
                    $"- {where} "
                        + $"({c.Change.Kind.ToString().ToLowerInvariant()}"
                        + (c.Change.English is { } e ? ", English " + Lines(e) : "")
                        + $"): {UntrustedMarkdown.Text(c.Change.Reason)}"
                );
                if (c.Untranslated.Count > 0)
                    item.Append(
                        $"; {c.Untranslated.Count} sentence(s) left in English, marked `<!-- amts: untranslated -->`"
                    );
                foreach (var line in Sync.EnglishExcerpt.Lines(c.Change, EnglishExcerpt))
                    item.Append("\n  ").Append(line);
                items.Add(item.Append('\n').ToString());
            }
            if (items.Count == 0)
                continue;
            var open = $"<details open><summary>{Html(f.Path)}: {items.Count} item(s) to review</summary>\n\n";
            const string close = "\n</details>\n";
            var part = new StringBuilder(open);
            foreach (var item in items)
            {
                if (part.Length + item.Length + close.Length > maxLength - Reserve && part.Length > open.Length)
                {
                    sections.Add(part.Append(close).ToString());
                    part = new StringBuilder(open.Replace("item(s) to review", "item(s) to review (continued)"));
                }
                part.Append(
                    item.Length > maxLength - Reserve - open.Length - close.Length
                        ? item[..(maxLength - Reserve - open.Length - close.Length - 40)]
                            + " … (shortened; see report.json)\n"
                        : item
                );
            }
            sections.Add(part.Append(close).ToString());
        }

        var full = new StringBuilder(head.ToString());
        if (sections.Count > 0)
            full.Append("\n### Needs review\n\n").Append(string.Concat(sections));

        var body = new StringBuilder(head.ToString());
        if (sections.Count > 0)
            body.Append("\n### Needs review\n\n");
        var continuations = new List<string>();
        StringBuilder? current = null;
        const string moreNote =
            "\n*The remaining review items are in the comments below (GitHub takes at most 65,536 characters per "
            + "body).*\n";
        foreach (var s in sections)
        {
            if (current == null && body.Length + s.Length + moreNote.Length <= maxLength - Reserve)
            {
                body.Append(s);
                continue;
            }
            if (current == null)
                body.Append(moreNote);
            if (current == null || current.Length + s.Length > maxLength - Reserve)
            {
                if (current != null)
                    continuations.Add(current.ToString());
                current = new StringBuilder($"### Needs review (continued, part {continuations.Count + 2})\n\n");
            }
            current.Append(s);
        }
        if (current != null)
            continuations.Add(current.ToString());
        return new PullRequestText(title, body.ToString(), continuations, full.ToString());
    }

    static string Html(string path) =>
        "<code>" + System.Net.WebUtility.HtmlEncode(Untrusted.Neutralise(path)) + "</code>";

    static string Lines(LineRange r) => r.First == r.Last ? $"line {r.First}" : $"lines {r.First}–{r.Last}";

    /// <summary>A commit as titles show it (7 characters); anything else ("reconciled") as it is.</summary>
    internal static string Short(string sha) => sha.Length == 40 && sha.All(char.IsAsciiHexDigitLower) ? sha[..7] : sha;
}
