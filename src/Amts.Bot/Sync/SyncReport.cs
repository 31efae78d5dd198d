using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

internal sealed record FileReport(
    string SourcePath,
    string? TargetPath,
    string Status,
    IReadOnlyList<AppliedChange> Changes,
    int WholeFileChars,
    string? Note
)
{
    /// <summary>Why the file was held whole for review (broken or non-text English, a shrink, an older range): for the
    /// report and for annotations on the push.</summary>
    public IReadOnlyList<FileFinding> Findings { get; init; } = [];

    /// <summary>The translation's old path when the sync carried it to <see cref="TargetPath"/> (its old path and
    /// <c>_origin.md</c> go in the same commit): the move is one unit, never split across pull requests.</summary>
    public string? MovedFrom { get; init; }
}

internal sealed record SyncTotals(
    int Files,
    int Changes,
    int MtChars,
    int WholeFileChars,
    int Translated,
    int Untranslated,
    int Reviews
);

internal sealed record SyncReport(
    string SourceName,
    string From,
    string To,
    string Language,
    string Engine,
    IReadOnlyList<FileReport> Files,
    string? CompareUrl
)
{
    /// <summary>What the pull request's body says about this sync for as long as it lives (a reconciliation: which
    /// files and why), as Markdown-safe text.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public SyncTotals Totals =>
        new(
            Files.Count,
            Files.Sum(f => f.Changes.Count),
            Files.Sum(f => f.Changes.Sum(c => c.MtChars)),
            Files.Sum(f => f.WholeFileChars),
            Files.Sum(f => f.Changes.Sum(c => c.Translated)),
            Files.Sum(f => f.Changes.Sum(c => c.Untranslated.Count)),
            Files.Sum(f => f.Changes.Count(c => c.NeedsReview)) + Files.Count(f => f.Status is "missing" or "failed")
        );

    /// <summary>The pull request body: range, per file a checklist of changes, what needs human eyes, engine
    /// characters. English text from the book never goes in raw (it is escaped); it could hold mentions or
    /// markup.</summary>
    public string PullRequestBody()
    {
        var t = Totals;
        var sb = new StringBuilder();
        sb.Append($"Sync of `{Code(Language)}` with {MarkdownText.Escape(SourceName)} `{Short(From)}..{Short(To)}`");
        if (CompareUrl != null)
            sb.Append($" ([compare]({CompareUrl}))");
        sb.Append("\n\n");
        sb.Append(
            $"{t.Files} file(s), {t.Changes} change(s); {t.Reviews} need human eyes. Engine `{Code(Engine)}`: "
                + $"{t.MtChars:N0} characters sent "
                + $"({(t.WholeFileChars > 0 ? 100.0 * t.MtChars / t.WholeFileChars : 0):F1} % of re-translating the "
                + $"changed files whole, {t.WholeFileChars:N0}), "
                + $"{t.Translated} segment(s) translated, {t.Untranslated} left in English.\n"
        );
        var review = Files.SelectMany(f => f.Changes.Where(c => c.NeedsReview).Select(c => (f, c))).ToList();
        if (review.Count > 0 || Files.Any(f => f.Status is "missing" or "failed"))
        {
            sb.Append("\n### Needs human eyes\n\n");
            foreach (var f in Files.Where(f => f.Status is "missing" or "failed"))
                sb.Append($"- `{Code(f.SourcePath)}`: {MarkdownText.Escape(f.Note ?? f.Status)}\n");
            foreach (var (f, c) in review)
            {
                var where = (c.Lines ?? c.Change.Target) is { } at ? Where(at) : " " + SyncReport.NoLine(c.Change);
                sb.Append($"- `{Code(f.TargetPath ?? f.SourcePath)}`{where}: {MarkdownText.Escape(c.Change.Reason)}");
                if (c.Untranslated.Count > 0)
                    sb.Append(
                        $" ({c.Untranslated.Count} sentence(s) left in English, marked `<!-- amts: untranslated -->`)"
                    );
                if (c.Change.EnglishBefore != null || c.Change.EnglishAfter != null)
                    sb.Append(
                        $"\n  English before: {Quote(c.Change.EnglishBefore, "(none: added in English)")}\n  English "
                            + $"after: {Quote(c.Change.EnglishAfter, "(none: removed in English)")}"
                    );
                sb.Append('\n');
            }
        }
        sb.Append("\n### Changes\n");
        foreach (var f in Files)
        {
            sb.Append($"\n**`{Code(f.TargetPath ?? f.SourcePath)}`** ({f.Status})\n\n");
            foreach (var c in f.Changes)
                sb.Append(
                    $"- [ ] {c.Change.Kind.ToString().ToLowerInvariant()}{Where(c.Change.Target)} ← "
                        + $"English{Where(c.Change.English)}: {MarkdownText.Escape(c.Change.Reason)}"
                        + (c.MtChars > 0 ? $" ({c.MtChars} characters to the engine)" : "")
                        + "\n"
                );
        }
        return sb.ToString();
    }

    /// <summary>What a review item without a line in the translation says instead: why there is none and what to
    /// do.</summary>
    public static string NoLine(PlannedChange c) =>
        c.English is { } e
            ? "(no line: the bot could not tell where English "
                + $"{(e.First == e.Last ? $"line {e.First}" : $"lines {e.First}–{e.Last}")} is translated; "
                + "find it by the English before and after)"
            : "(no line: the item concerns the whole file)";

    static string Quote(string? text, string none) =>
        text == null ? none : MarkdownText.Escape(EnglishExcerpt.Cut(text, 240));

    static string Where(LineRange? r) =>
        r is { } x ? (x.First == x.Last ? $" line {x.First}" : $" lines {x.First}–{x.Last}") : "";

    static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;

    static string Code(string s) => s.Replace("`", "'").Replace("\n", " ");
}
