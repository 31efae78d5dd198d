using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;
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
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig)).Operation);
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

    /// <summary>With <c>reopen_tracking_issue: true</c> a maintainer asks the bot to reopen the tracking issue closed
    /// by hand (PATCH state=open; GitHub's state_reason then reads <c>reopened</c>): still one issue, one comment
    /// saying why, and the chapters' pull requests name it as open.</summary>
    [Fact]
    public void A_tracking_issue_closed_by_hand_is_reopened_when_the_configuration_asks()
    {
        var config = SeriesConfig + "    reopen_tracking_issue: true\n";
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(8), h.Commit(14), config)).Operation);
        var issue = Assert.Single(h.GitHub.Issues);
        h.GitHub.CloseIssue(issue.Number, "not_planned");

        foreach (var (from, to) in new[] { (14, 15), (15, 16) })
        {
            var outcome = Assert.Single(h.Push(h.Commit(from), h.Commit(to), config));
            Assert.True(outcome.Error == null, outcome.Message + " " + outcome.Error + "\n" + h.Host);
            Assert.Single(h.GitHub.Issues);
            Assert.Equal("open", issue.State);
            Assert.Equal("reopened", issue.StateReason);
        }
        var comment = Assert.Single(h.GitHub.Comments, c =>
            c.Issue == issue.Number
            && c.Body.Contains(SeriesTracking.ClosedByHandMarker("zh"), StringComparison.Ordinal)
        );
        Assert.Contains("reopen_tracking_issue", comment.Body);
        var open = h.GitHub.Pulls.Where(p => p.State == "open").ToList();
        Assert.NotEmpty(open);
        Assert.All(open, p => Assert.Contains($"series tracked in #{issue.Number}:", p.Body));
        Assert.All(open, p => Assert.DoesNotContain("closed by a maintainer", p.Body));
        Assert.Contains(h.Commit(16)[..7], issue.Body);
    }

    /// <summary>A chapter whose sync changes no translation file (here: the English of a file the translation does
    /// not have changed, an item for review and nothing else) gets no pull request; its items are in the tracking
    /// issue, outside the task list.</summary>
    [Fact]
    public void A_chapter_with_no_translation_change_gets_no_pull_request_its_items_go_to_the_tracking_issue()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig)).Operation);
        var issue = Assert.Single(h.GitHub.Issues);
        new GitCli(h.English).Run("reset", "-q", "--hard", h.Commit(14));
        const string untranslated = "chapter_appendix-mathematics-for-deep-learning/statistics.md"; // not in d2l-zh
        var english = File.ReadAllText(Path.Combine(h.English, untranslated));
        var pushed = h.EnglishCommit(untranslated, english + "\nOne more English sentence.\n", "Touch statistics.md");

        var outcome = Assert.Single(h.Push(h.Commit(14), pushed, SeriesConfig));
        Assert.True(outcome.Error == null, outcome.Message + " " + outcome.Error + "\n" + h.Host);
        Assert.DoesNotContain(h.GitHub.Pulls, p =>
            p.Head == "amts/sync-zh/chapter_appendix-mathematics-for-deep-learning"
        );
        Assert.All(h.GitHub.Pulls.Where(p => p.State == "open"), p =>
            Assert.Contains(
                h.Remote.Run("diff", "--name-only", "master..." + p.Head)
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries),
                x => !x.StartsWith(".amts/", StringComparison.Ordinal)
            )
        );
        Assert.DoesNotContain("- [ ] `chapter_appendix-mathematics-for-deep-learning`", issue.Body);
        Assert.Contains(SeriesTracking.ItemsWithoutPullHeading, issue.Body);
        Assert.Contains($"`{untranslated}`", issue.Body);
        Assert.Contains("the translation has no such file", issue.Body);

        // A later push that leaves the chapter no new item keeps its items in the issue.
        var later = h.EnglishCommit("static/notes.txt", "not a chapter\n", "A push without Markdown");
        Assert.Null(Assert.Single(h.Push(pushed, later, SeriesConfig)).Error);
        Assert.Contains($"`{untranslated}`: missing: changed in English", issue.Body);
        Assert.DoesNotContain(h.GitHub.Pulls, p =>
            p.Head == "amts/sync-zh/chapter_appendix-mathematics-for-deep-learning"
        );
    }

    /// <summary>Issue 23, "What was seen" 4: an English edit that needs no translation change (trailing spaces removed
    /// from a file) moves only its English record (<c>hardware_origin.md</c>). Like the state of a
    /// cumulative sync, that record moves with the chapter's next real change: no pull request of only
    /// <c>_origin.md</c> files; the tracking issue says the record is waiting; and once every other chapter is merged
    /// the series still completes.</summary>
    [Fact]
    public void A_chapter_whose_sync_moves_only_its_english_record_gets_no_pull_request_and_the_series_completes()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig)).Operation);
        var issue = Assert.Single(h.GitHub.Issues);
        new GitCli(h.English).Run("reset", "-q", "--hard", h.Commit(14));
        // A file whose _origin.md is the English of the series' range (the preface's is not: it would be planned).
        const string chapter = "chapter_computational-performance",
            hardware = chapter + "/hardware.md";
        var english = File.ReadAllText(Path.Combine(h.English, hardware));
        Assert.Contains(" \n", english);
        var pushed = h.EnglishCommit(
            hardware,
            string.Join('\n', english.Split('\n').Select(l => l.TrimEnd(' '))),
            "Trailing spaces"
        );

        var outcome = Assert.Single(h.Push(h.Commit(14), pushed, SeriesConfig));
        Assert.True(outcome.Error == null, outcome.Message + " " + outcome.Error + "\n" + h.Host);
        Assert.DoesNotContain(h.GitHub.Pulls, p => p.Head == "amts/sync-zh/" + chapter);
        Assert.All(h.GitHub.Pulls.Where(p => p.State == "open"), p =>
            Assert.Contains(
                h.Remote.Run("diff", "--name-only", "master..." + p.Head)
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries),
                x =>
                    !x.StartsWith(".amts/", StringComparison.Ordinal)
                    && !x.EndsWith("_origin.md", StringComparison.Ordinal)
            )
        );
        Assert.DoesNotContain($"`{chapter}`: #", issue.Body);
        Assert.Contains(SeriesTracking.RecordsOnlyHeading, issue.Body);
        Assert.Contains($"- `{chapter}`: `{chapter}/hardware_origin.md`", issue.Body);

        var work = h.Work();
        foreach (var p in h.GitHub.Pulls.Where(p => p.State == "open").ToList())
        {
            work.Run("fetch", "-q", "origin");
            work.Run("merge", "-q", "--no-ff", "--no-edit", "origin/" + p.Head);
            work.Run("push", "-q", "origin", "master");
            h.GitHub.Close(p.Number, merged: true);
        }
        int before = h.GitHub.Pulls.Count;
        var noMarkdown = h.EnglishCommit("static/notes.txt", "not a chapter\n", "A push without Markdown");
        var done = Assert.Single(h.Push(pushed, noMarkdown, SeriesConfig));
        Assert.True(done.Error == null, done.Message + " " + done.Error + "\n" + h.Host);
        Assert.Equal(before, h.GitHub.Pulls.Count);
        Assert.Equal("closed", issue.State);
        Assert.Contains(SeriesTracking.CompleteLine, issue.Body);
    }

    /// <summary>A chapter merged is ticked, never dropped; once every chapter is merged, a push without Markdown
    /// completes the series (the issue closed with every box ticked) and opens no pull request.</summary>
    [Fact]
    public void Merged_chapters_are_ticked_and_a_complete_series_opens_no_pull_request_for_its_records()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(8), h.Commit(14), SeriesConfig)).Operation);
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
