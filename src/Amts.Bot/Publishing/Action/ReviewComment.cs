using System.Text;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The latest sync's review items as comments on their lines in the new translation: what happened (neutralised), the
/// English before and after (neutralised, excerpted), and, where the bot has text for exactly those lines that it did
/// not write (<see cref="AppliedChange.Suggestion"/>: the human lines the engine left English in place of), a GitHub
/// suggestion block. A suggestion replaces the commented lines and only them, and the comment says which and with what;
/// where the bot has no such text there is no suggestion.
/// </summary>
internal static class ReviewComments
{
    /// <summary>At most this many line comments in one review: GitHub documents no limit, but a review of hundreds of
    /// comments is unreadable and trips the secondary limit on content creation; the body lists every item
    /// anyway.</summary>
    public const int MaxComments = 50;

    /// <summary>How much of the English before and after a comment quotes: the report's whole excerpt.</summary>
    const int EnglishExcerpt = Sync.EnglishExcerpt.MaxChars;

    /// <summary>A comment longer than this (GitHub takes 65,536 characters) goes without its suggestion.</summary>
    const int MaxBody = 60_000;

    /// <summary>The comments, on lines <paramref name="commentable"/> takes (the pull request's diff: GitHub refuses a
    /// whole review for one comment outside it); an item on other lines (e.g. human lines the bot left as they were) is
    /// in the body only.</summary>
    public static IReadOnlyList<ReviewComment> From(
        SyncReport report,
        Func<string, LineRange, bool>? commentable = null
    ) =>
        report
            .Files.Where(f => f.TargetPath != null)
            .SelectMany(f =>
                f.Changes.Where(c =>
                        c.NeedsReview
                        && c.Lines is { First: > 0 } lines
                        && (commentable?.Invoke(f.TargetPath!, lines) ?? true)
                    )
                    .Select(c => Comment(f.TargetPath!, c))
            )
            .Take(MaxComments)
            .ToList();

    static ReviewComment Comment(string path, AppliedChange c)
    {
        var lines = c.Lines!.Value;
        var body = new StringBuilder($"**{c.Change.Kind.ToString().ToLowerInvariant()}**");
        if (c.Change.English is { } e)
            body.Append($" (English {Lines(e)})");
        body.Append(": ").Append(UntrustedMarkdown.Text(c.Change.Reason));
        if (c.Untranslated.Count > 0)
            body.Append($"; {c.Untranslated.Count} sentence(s) left in English, marked `<!-- amts: untranslated -->`");
        var english = Sync.EnglishExcerpt.Lines(c.Change, EnglishExcerpt);
        if (english.Count > 0)
            body.Append("\n\n").Append(string.Join("\n", english)); // GitHub breaks a comment's lines where they break
        if (c.Suggestion is { } suggestion)
        {
            // The fence outruns every backtick run of the lines, so that they go into the file whole and unchanged.
            int run = 0,
                longest = 0;
            foreach (var ch in suggestion)
                longest = Math.Max(longest, run = ch == '`' ? run + 1 : 0);
            var fence = new string('`', Math.Max(3, longest + 1));
            var block =
                "\n\nSuggested: the human translation these lines had before this sync, in place of the English the "
                + "engine left untranslated. "
                + "It translates the English before, not after: bring it up to date before you commit it. It "
                + $"replaces {Lines(lines)} and nothing else.\n\n"
                + $"{fence}suggestion\n{suggestion}\n{fence}";
            if (body.Length + block.Length <= MaxBody)
                body.Append(block);
        }
        return new ReviewComment(path, lines.Last, body.ToString(), lines.First < lines.Last ? lines.First : null);
    }

    static string Lines(LineRange r) => r.First == r.Last ? $"line {r.First}" : $"lines {r.First}–{r.Last}";
}

/// <summary>The lines a pull request's diff shows on its right side, per file: each hunk's new lines (the changed ones
/// and three lines of context around them, as GitHub shows them). A review comment must lie within one hunk.</summary>
internal sealed class PullDiff(IReadOnlyDictionary<string, List<LineRange>> hunks)
{
    /// <summary>The diff of <paramref name="head"/> against its merge base with <paramref name="baseRef"/>, as the pull
    /// request shows it; where git cannot tell it, none (no comment: the items are in the body).</summary>
    public static PullDiff Of(GitCli git, string baseRef, string head) =>
        git.TryRun(
            out var diff,
            "-c",
            "core.quotePath=false",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "-U3",
            $"{baseRef}...{head}"
        ) == 0
            ? Parse(diff)
            : new PullDiff(new Dictionary<string, List<LineRange>>());

    public static PullDiff Parse(string diff)
    {
        var hunks = new Dictionary<string, List<LineRange>>(StringComparer.Ordinal);
        List<LineRange>? current = null;
        string previous = "";
        foreach (var line in diff.Split('\n'))
        {
            // A file's header "--- a/…" then "+++ b/…" (an added line "++ …" is "+++ …" too, but never after "--- ");
            // git ends a file name holding a space with a tab; a deleted file's new side is /dev/null (no lines).
            if (
                line.StartsWith("+++ ", StringComparison.Ordinal)
                && previous.StartsWith("--- ", StringComparison.Ordinal)
            )
                current = line.StartsWith("+++ b/", StringComparison.Ordinal)
                    ? hunks.TryGetValue(line[6..].TrimEnd('\t', '\r'), out var h)
                        ? h
                        : hunks[line[6..].TrimEnd('\t', '\r')] = []
                    : null;
            else if (
                current != null
                && line.StartsWith("@@ ", StringComparison.Ordinal)
                && line.IndexOf(" +", StringComparison.Ordinal) is int plus and > 0
            )
            {
                var range = line[(plus + 2)..line.IndexOf(' ', plus + 2)].Split(',');
                int first = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
                int count =
                    range.Length > 1 ? int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
                if (count > 0)
                    current.Add(new LineRange(first, first + count - 1));
            }
            previous = line;
        }
        return new PullDiff(hunks);
    }

    /// <summary>Whether the lines lie within one hunk of the file.</summary>
    public bool Contains(string path, LineRange lines) =>
        hunks.TryGetValue(path, out var h) && h.Any(r => r.First <= lines.First && lines.Last <= r.Last);
}
