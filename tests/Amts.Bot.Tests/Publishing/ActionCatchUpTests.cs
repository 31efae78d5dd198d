using System.Text.RegularExpressions;
using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;

namespace Amts.Bot.Tests.Publishing;

/// <summary>The real day one: d2l-en r0.17 → v1.0 (d2l-en-v1 commit 1 → 2, the restructuring) onto d2l-zh, through the
/// action on the GitHub stand-in: the body and its continuation comments are each under GitHub's limit and together
/// hold every review item of the full report.</summary>
[Trait("Category", "Corpus")]
public class ActionCatchUpTests : IDisposable
{
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public void The_catch_up_pr_is_split_under_githubs_limit_with_nothing_lost()
    {
        h.English = TestData.FreshClone("d2l-en-v1");
        var commits = new GitCli(h.English)
            .Run("rev-list", "--reverse", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // One pull request whatever its size (the series is the other test).
        var outcome = Assert.Single(
            h.Push(commits[0], commits[1], ActionHarness.DefaultConfig + "    series_threshold: 1000000\n")
        );
        Assert.True(outcome.Operation == ActionOperation.Created, outcome.Message + "\n" + h.Host);
        var pull = Assert.Single(h.GitHub.Pulls);
        var continuations = h
            .GitHub.Comments.Where(c => c.Body.StartsWith("<!-- amts:body-continued-", StringComparison.Ordinal))
            .ToList();
        Assert.True(pull.Body.Length <= 65_536, $"body {pull.Body.Length}");
        Assert.All(h.GitHub.Comments, c => Assert.True(c.Body.Length <= 65_536, $"comment {c.Body.Length}"));
        var full = File.ReadAllText(Path.Combine(outcome.ReportDirectory!, "pr.md"));
        var published = pull.Body + string.Concat(continuations.Select(c => c.Body));
        var expected = Items(full);
        var got = Items(published);
        File.WriteAllText(
            Path.Combine(TestData.Pictures, "amts-catch-up-figures.txt"),
            $"body {pull.Body.Length} chars, {continuations.Count} continuation comment(s) "
                + $"({string.Join(", ", continuations.Select(c => c.Body.Length))}), {expected.Count} review items, "
                + $"full pr.md {full.Length} chars\n"
        );
        File.WriteAllText(Path.Combine(TestData.Pictures, "amts-catch-up-body.md"), pull.Body);
        Assert.True(expected.Count > 100, $"{expected.Count} review items");
        Assert.Equal(expected.Order(StringComparer.Ordinal), got.Order(StringComparer.Ordinal));
        Assert.Contains("/files#diff-", pull.Body); // items link to their line in "Files changed"
        Assert.Contains("/files#diff-", full); // pr.md too, once the pull request exists
        Assert.Contains("\n  English before: ", full); // items quote the English before and after their change
        Assert.Contains("\n  English after: ", full);
    }

    /// <summary>How many review items a body lists per file (its per-file sections, continued ones included).</summary>
    static Dictionary<string, int> PerFile(string text) =>
        Regex
            .Matches(
                text,
                @"<summary><code>(?<path>[^<]*)</code>: \d+ item\(s\) to "
                    + @"review[^<]*</summary>\n\n(?<items>.*?)\n</details>",
                RegexOptions.Singleline
            )
            .GroupBy(m => System.Net.WebUtility.HtmlDecode(m.Groups["path"].Value))
            .ToDictionary(g => g.Key, g => g.Sum(m => Items(m.Groups["items"].Value).Count));

    static List<string> Items(string text) =>
        Regex
            .Matches(text, @"^- .*(\n  .*)*", RegexOptions.Multiline)
            .Select(m => Regex.Replace(m.Value, @"\[([^\]]*)\]\([^)]*\)", "$1"))
            .ToList();

    [Fact]
    public void The_catch_up_is_a_series_of_chapter_pull_requests_each_under_githubs_limit_with_nothing_lost()
    {
        h.English = TestData.FreshClone("d2l-en-v1");
        var commits = new GitCli(h.English)
            .Run("rev-list", "--reverse", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var outcome = Assert.Single(h.Push(commits[0], commits[1])); // the default series_threshold
        Assert.True(
            outcome.Operation == ActionOperation.Created && outcome.Error == null,
            outcome.Message + " " + outcome.Error + "\n" + h.Host
        );
        var pulls = h.GitHub.Pulls;
        Assert.True(pulls.Count > 5, $"{pulls.Count} pull requests");
        Assert.All(pulls, p => Assert.True(p.Body.Length <= 65_536, $"#{p.Number} body {p.Body.Length}"));
        Assert.All(h.GitHub.Comments, c => Assert.True(c.Body.Length <= 65_536, $"comment {c.Body.Length}"));
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.All(pulls, p => Assert.Contains($"#{p.Number} ", issue.Body));
        // Every review item of the whole report is in exactly one chapter's body or its continuation comments.
        var full = File.ReadAllText(Path.Combine(outcome.ReportDirectory!, "pr.md"));
        var published = pulls
            .SelectMany(p =>
                Items(
                    p.Body
                        + string.Concat(
                            h.GitHub.Comments.Where(c =>
                                    c.Issue == p.Number
                                    && c.Body.Contains("<!-- amts:body-continued-", StringComparison.Ordinal)
                                )
                                .Select(c => c.Body)
                        )
                )
            )
            .ToList();
        var expected = Items(full);
        Assert.True(expected.Count > 100, $"{expected.Count} review items");
        // A chapter whose sync changes no translation file has no pull request: its items are in the tracking issue
        // (one line each). Per file, the items are in a pull request or in the issue, never both, none lost.
        var section = issue.Body.IndexOf(SeriesTracking.ItemsWithoutPullHeading, StringComparison.Ordinal);
        var inIssue =
            section < 0
                ? []
                : Regex
                    .Matches(issue.Body[section..], @"^- `(?<path>[^`]+)`", RegexOptions.Multiline)
                    .GroupBy(m => m.Groups["path"].Value)
                    .ToDictionary(g => g.Key, g => g.Count());
        var inPulls = PerFile(
            string.Concat(pulls.Select(p => p.Body)) + string.Concat(h.GitHub.Comments.Select(c => c.Body))
        );
        var inFull = PerFile(full);
        Assert.Empty(inIssue.Keys.Intersect(inPulls.Keys));
        Assert.Equal(
            inFull.OrderBy(e => e.Key, StringComparer.Ordinal),
            inPulls.Concat(inIssue).OrderBy(e => e.Key, StringComparer.Ordinal)
        );
        var withoutIssue = inIssue.Keys.ToHashSet();
        Assert.Equal(inFull.Where(e => !withoutIssue.Contains(e.Key)).Sum(e => e.Value), published.Count);
        var largest = pulls.MaxBy(p => p.Body.Length)!;
        File.WriteAllText(
            Path.Combine(TestData.Pictures, "amts-catch-up-series.txt"),
            $"{pulls.Count} pull requests, bodies {pulls.Min(p => p.Body.Length)}–{pulls.Max(p => p.Body.Length)} "
                + "chars, "
                + h.GitHub.Comments.Count(c => c.Body.Contains("<!-- amts:body-continued-", StringComparison.Ordinal))
                + $" continuation comment(s), {expected.Count} review items, tracking issue {issue.Body.Length} chars\n"
        );
        // A typical chapter's pull request (the median body), as pr.md is written: "# TITLE", a blank line, the body.
        var typical = pulls.OrderBy(p => p.Body.Length).ElementAt(pulls.Count / 2);
        File.WriteAllText(
            Path.Combine(TestData.Pictures, "amts-catch-up-series-pr.md"),
            $"# {typical.Title}\n\n{typical.Body}"
        );
        File.WriteAllText(
            Path.Combine(TestData.Pictures, "amts-catch-up-series-issue.md"),
            $"# {issue.Title}\n\n{issue.Body}"
        );
    }
}
