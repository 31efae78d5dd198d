using System.Text;
using Amts.Bot.Publishing.Action;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// The example the README shows (docs/pr-example.png, docs/review-example.png): the pull request and the review that
/// one real push makes (d2l-en's "General typo fixes" and its neighbours into d2l-zh, offline memory engine). The test
/// checks what a reviewer relies on in them, and writes them to the temp folder, where tools/render-pr.mjs renders
/// them: $TMPDIR/amts-example-pr.md (pr.md as the action writes it), $TMPDIR/amts-example-review.md and
/// $TMPDIR/amts-example-quality.md (the quality comment).
/// </summary>
[Trait("Category", "Integration")]
public class ActionExampleTests : IDisposable
{
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public void One_push_makes_a_reviewable_pull_request_and_review()
    {
        var outcome = Assert.Single(h.Push(h.Commit(21), h.Commit(23)));
        Assert.True(outcome.Operation == ActionOperation.Created, outcome.Message + "\n" + h.Host);
        var pr = File.ReadAllText(Path.Combine(outcome.ReportDirectory!, "pr.md"));
        Assert.StartsWith($"# [zh] Sync with d2l-en {h.Commit(21)[..7]}..{h.Commit(23)[..7]}\n\n", pr);
        Assert.Contains("| file | status | changes | needs review | engine characters | cost |", pr);
        Assert.Contains("\n### Needs review\n", pr);
        Assert.Contains("<details open><summary>", pr);
        Assert.Contains("/files#diff-", pr); // each item links to its line in "Files changed"
        var review = Assert.Single(h.GitHub.Reviews);
        Assert.NotEmpty(review.Comments);
        File.WriteAllText(Path.Combine(TestData.Pictures, "amts-example-pr.md"), pr);

        var text = new StringBuilder(
            $"# Review of {pr[2..pr.IndexOf('\n', StringComparison.Ordinal)]}\n\n{review.Body}\n\n"
        );
        foreach (var (path, line, body, start) in review.Comments.Take(6))
            text.Append(
                $"---\n\n**`{path}`** {(start is { } first ? $"lines {first}–{line}" : $"line {line}")}\n\n{body}\n\n"
            );
        if (review.Comments.Count > 6)
            text.Append($"---\n\n*… {review.Comments.Count - 6} more comment(s) on their lines.*\n");
        File.WriteAllText(Path.Combine(TestData.Pictures, "amts-example-review.md"), text.ToString());
        var quality = Assert.Single(h.GitHub.Comments).Body;
        File.WriteAllText(Path.Combine(TestData.Pictures, "amts-example-quality.md"), quality);
        Assert.Contains("BLEU", quality);
    }
}
