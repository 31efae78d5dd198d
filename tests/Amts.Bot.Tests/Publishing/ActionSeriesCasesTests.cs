using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

/// <summary>Issue 23, "What was seen" 3: the cases of a series' tracking issue (<see cref="SeriesTracking"/>) against
/// the GitHub stand-in, which lists pull requests among the issues and closes an issue by hand with its
/// <c>state_reason</c>, as github.com does.</summary>
[Trait("Category", "Integration")]
public class ActionSeriesCasesTests : IDisposable
{
    const string SeriesConfig =
        "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n    series_threshold: 1\n";
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public void A_tracking_issue_closed_by_hand_is_respected_not_opened_again()
    {
        Assert.Equal("created", Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig)).Operation);
        var issue = Assert.Single(h.GitHub.Issues);
        h.GitHub.CloseIssue(issue.Number, "not_planned");

        // Two more pushes while the chapters' pull requests are open: no second issue, no reopen, one comment.
        foreach (var (from, to) in new[] { (14, 15), (15, 16) })
        {
            var outcome = Assert.Single(h.Push(h.Commit(from), h.Commit(to), SeriesConfig));
            Assert.True(outcome.Error == null, outcome.Message + " " + outcome.Error + "\n" + h.Host);
            Assert.Single(h.GitHub.Issues);
            Assert.Equal("closed", issue.State);
            Assert.Equal("not_planned", issue.StateReason);
        }
        Assert.Single(h.GitHub.Comments, c =>
            c.Issue == issue.Number
            && c.Body.Contains(SeriesTracking.ClosedByHandMarker("zh"), StringComparison.Ordinal)
        );
        var open = h.GitHub.Pulls.Where(p => p.State == "open").ToList();
        Assert.NotEmpty(open);
        Assert.All(open, p => Assert.Contains($"tracked in #{issue.Number} (closed by a maintainer", p.Body));
        Assert.Contains(h.Commit(16)[..7], issue.Body); // its list is still kept current
    }

    /// <summary>A chapter merged is ticked, never dropped; once every chapter is merged, a push without Markdown
    /// completes the series (the issue closed with every box ticked) and opens no pull request.</summary>
    [Fact]
    public void Merged_chapters_are_ticked_and_a_complete_series_opens_no_pull_request_for_its_records()
    {
        Assert.Equal("created", Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig)).Operation);
        var issue = Assert.Single(h.GitHub.Issues);
        var pulls = h.GitHub.Pulls.ToList();
        var work = h.Work();
        void Merge(FakeGitHub.Pull p)
        {
            work.Run("fetch", "-q", "origin");
            work.Run("merge", "-q", "--no-ff", "--no-edit", "origin/" + p.Head);
            work.Run("push", "-q", "origin", "master");
            h.GitHub.Close(p.Number, merged: true);
        }
        var first = pulls[0];
        Merge(first);
        var unit = first.Head["amts/sync-zh/".Length..];
        Assert.Single(h.Push(h.Commit(14), h.Commit(15), SeriesConfig));
        Assert.Contains($"- [x] `{unit}`: #{first.Number} ", issue.Body);
        Assert.Equal(
            pulls.Count,
            System
                .Text.RegularExpressions.Regex.Matches(
                    issue.Body,
                    @"^- \[[ x]\] ",
                    System.Text.RegularExpressions.RegexOptions.Multiline
                )
                .Count
        );

        foreach (var p in h.GitHub.Pulls.Where(p => p.State == "open").ToList())
            Merge(p);
        int before = h.GitHub.Pulls.Count;
        new GitCli(h.English).Run("reset", "-q", "--hard", h.Commit(15));
        var noMarkdown = h.EnglishCommit("static/notes.txt", "not a chapter\n", "A push without Markdown");
        var done = Assert.Single(h.Push(h.Commit(15), noMarkdown, SeriesConfig));
        Assert.True(done.Error == null, done.Message + " " + done.Error + "\n" + h.Host);
        Assert.Equal(before, h.GitHub.Pulls.Count); // no pull request of only .amts/state.json and .amts/series/*.json
        Assert.Equal("closed", issue.State);
        Assert.DoesNotContain("- [ ] ", issue.Body);
        Assert.Contains(SeriesTracking.CompleteLine, issue.Body);
    }
}
