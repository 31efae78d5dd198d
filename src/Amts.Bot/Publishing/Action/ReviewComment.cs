using System.Text;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>A review comment on the lines <see cref="StartLine"/>–<see cref="Line"/> of a file of the pull request's
/// head (<see cref="StartLine"/> null: on <see cref="Line"/> alone).</summary>
public sealed record ReviewComment(string Path, int Line, string Body, int? StartLine = null);

/// <summary>The latest sync's review items as comments on their lines in the new translation (neutralised text).</summary>
public static class ReviewComments
{
    /// <summary>At most this many line comments in one review: GitHub documents no limit, but a review of hundreds of
    /// comments is unreadable and trips the secondary limit on content creation; the body lists every item anyway.</summary>
    public const int MaxComments = 50;

    public static IReadOnlyList<ReviewComment> From(SyncReport report) =>
        report.Files.Where(f => f.TargetPath != null).SelectMany(f => f.Changes
                .Where(c => (c.Change.NeedsReview || c.Untranslated.Count > 0) && c.Change.Target is { First: > 0 })
                .Select(c =>
                {
                    var body = new StringBuilder($"**{c.Change.Kind.ToString().ToLowerInvariant()}**");
                    if (c.Change.English is { } e) body.Append($" (English lines {e.First}–{e.Last})");
                    body.Append(": ").Append(UntrustedMarkdown.Text(c.Change.Reason));
                    return new ReviewComment(f.TargetPath!, c.Change.Target!.Value.Last, body.ToString());
                }))
            .Take(MaxComments).ToList();
}
