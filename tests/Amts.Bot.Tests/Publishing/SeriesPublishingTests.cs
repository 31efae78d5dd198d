using Amts.Bot.Publishing.Action;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Tests.Fakes;
using static Amts.Bot.Tests.Publishing.PublishingCases;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// A series' publishing rules on an in-memory forge (no git): each chapter's case (<see cref="SeriesPlan"/>: its pull
/// request opened, kept, none, nothing left; the series complete), the chapters' pull requests, and the tracking
/// issue's cases (<see cref="TrackingIssue"/>: opened, updated, a hand-closed one respected or reopened and never
/// duplicated, closed with its merged chapters ticked when the series is complete).
/// </summary>
[Trait("Category", "Unit")]
public sealed class SeriesPublishingTests
{
    readonly InMemoryForge forge = new();
    readonly RecordingHost host = new();
    static readonly string Marker = Series.IssueMarker("zh");

    static SeriesUnit Unit(string name, params string[] paths) => new(name, $"{Head}/{name}", paths);

    static string Body(params (string Name, int Number)[] chapters) =>
        Marker
        + "\nThe series.\n\n"
        + string.Concat(chapters.Select(c => $"- [ ] `{c.Name}`: #{c.Number} (3 change(s), 1 to review)\n"));

    async Task<PullRequest> OpenChapterAsync(string name, int part, int of)
    {
        var result = await PublishAsync(
            forge,
            host,
            Text($"[zh] Sync {name} with d2l-en a..b ({part}/{of})", $"Part {part} of {of}"),
            head: $"{Head}/{name}"
        );
        return result.Pull!;
    }

    [Fact]
    public async Task Each_chapter_is_sorted_into_its_case()
    {
        var kept = await OpenChapterAsync("chapter_preface", 1, 2);
        var stale = await OpenChapterAsync("chapter_notation", 2, 2);
        var units = new[]
        {
            Unit("chapter_appendix", "chapter_appendix/index.md"),
            Unit("chapter_install"), // only items for review
            Unit("chapter_preface", "chapter_preface/index.md"),
        };

        var plan = SeriesPlan.Of(Head, units, forge.Pulls);

        Assert.False(plan.Complete);
        Assert.Equal(
            [
                ("chapter_appendix", ChapterCase.OpenPull, (int?)null),
                ("chapter_install", ChapterCase.NoPull, null),
                ("chapter_preface", ChapterCase.KeepPull, kept.Number),
                ("chapter_notation", ChapterCase.NothingLeft, stale.Number),
            ],
            plan.Chapters.Select(c => (c.Unit.Name, c.Case, c.Pull?.Number))
        );
        Assert.Equal(["chapter_appendix", "chapter_preface"], plan.Pulled.Select(c => c.Unit.Name));
        Assert.Equal(["chapter_install"], plan.WithoutPull.Select(u => u.Name));
        Assert.Equal($"{Head}/chapter_notation", Assert.Single(plan.NothingLeft).Unit.Branch);
    }

    [Fact]
    public async Task A_chapter_with_only_review_items_keeps_its_open_pull_request()
    {
        var open = await OpenChapterAsync("chapter_install", 1, 1);
        var plan = SeriesPlan.Of(Head, [Unit("chapter_install")], forge.Pulls);
        Assert.Equal((ChapterCase.KeepPull, open.Number), (plan.Chapters[0].Case, plan.Chapters[0].Pull!.Number));
    }

    [Fact]
    public async Task A_chapter_carrying_only_english_records_gets_no_pull_request_and_does_not_keep_the_series_open()
    {
        var records = Unit("chapter_computational-performance", "chapter_computational-performance/hardware_origin.md");
        var translated = Unit(
            "chapter_computational-performance",
            "chapter_computational-performance/hardware.md",
            "chapter_computational-performance/hardware_origin.md"
        );
        Assert.True(records.OnlyRecords);
        Assert.False(translated.OnlyRecords);
        Assert.False(Unit("chapter_install").OnlyRecords);

        var plan = SeriesPlan.Of(Head, [records], []);
        Assert.Equal(ChapterCase.NoPull, Assert.Single(plan.Chapters).Case);
        Assert.True(plan.Complete); // the record waits for the chapter's next change, the series is done
        Assert.Contains(
            "`chapter_computational-performance/hardware_origin.md`",
            SeriesTracking.RecordsSection([records])
        );
        Assert.Equal("", SeriesTracking.RecordsSection([Unit("chapter_install")]));

        Assert.False(SeriesPlan.Of(Head, [records with { HasItems = true }], []).Complete);
        Assert.Equal(ChapterCase.OpenPull, Assert.Single(SeriesPlan.Of(Head, [translated], []).Chapters).Case);
        // An open pull request of the chapter takes its records along.
        var open = await OpenChapterAsync("chapter_computational-performance", 1, 1);
        var kept = Assert.Single(SeriesPlan.Of(Head, [records], forge.Pulls).Chapters);
        Assert.Equal((ChapterCase.KeepPull, open.Number), (kept.Case, kept.Pull!.Number));
    }

    [Fact]
    public void Nothing_carried_and_nothing_open_is_the_series_complete() =>
        Assert.True(SeriesPlan.Of(Head, [], []).Complete);

    [Fact]
    public async Task Each_chapter_gets_its_own_pull_request_opened_once_and_kept_after()
    {
        var a = await OpenChapterAsync("chapter_appendix", 1, 2);
        var b = await OpenChapterAsync("chapter_preface", 2, 2);
        var again = await OpenChapterAsync("chapter_preface", 2, 2);

        Assert.Equal(b.Number, again.Number);
        Assert.Equal(2, forge.Pulls.Count);
        Assert.Equal(
            [$"{Head}/chapter_appendix", $"{Head}/chapter_preface"],
            (await forge.ListOpenPullsAsync(Repo, Head + "/", default)).Select(p => p.Head.Ref)
        );
        Assert.Null(await forge.FindOpenPullAsync(Repo, Head, default)); // the cumulative branch has none
        Assert.NotEqual(a.Number, b.Number);
    }

    [Theory]
    [InlineData(null, false, false, nameof(TrackingCase.Opened))]
    [InlineData("open", false, false, nameof(TrackingCase.Open))]
    [InlineData("closed", true, false, nameof(TrackingCase.ClosedByHandRespected))]
    [InlineData("closed", true, true, nameof(TrackingCase.ClosedByHandReopened))]
    [InlineData("closed", false, false, nameof(TrackingCase.Opened))] // a new series after a closed one
    public void The_tracking_issue_case(string? state, bool underWay, bool reopen, string expected)
    {
        var found = state == null ? null : new Issue(7, "https://github.com/x/y/issues/7", state, "t", Body(), null);
        Assert.Equal(Enum.Parse<TrackingCase>(expected), TrackingIssue.Case(found, underWay, reopen));
    }

    [Fact]
    public void The_tracking_issue_the_bot_closed_itself_is_followed_by_a_new_one()
    {
        var finished = new Issue(7, "u", "closed", "t", Body() + "\n\n" + SeriesTracking.CompleteLine + "\n", null);
        Assert.Equal(TrackingCase.Opened, TrackingIssue.Case(finished, seriesUnderWay: true, reopen: true));
    }

    [Fact]
    public async Task The_tracking_issue_is_opened_once_and_found_again_by_its_marker()
    {
        var (first, opened) = await FindOrOpenAsync(underWay: false);
        var (second, found) = await FindOrOpenAsync(underWay: true);

        Assert.Equal((TrackingCase.Opened, TrackingCase.Open), (opened, found));
        Assert.Equal(first.Number, second.Number);
        Assert.Single(forge.Issues);
        Assert.Equal([$"create issue #{first.Number}"], forge.Writes); // found again: nothing written
    }

    [Fact]
    public async Task A_hand_closed_tracking_issue_is_reopened_not_duplicated_and_one_comment_says_why()
    {
        var (issue, _) = await FindOrOpenAsync(underWay: false);
        forge.CloseIssue(issue.Number, "not_planned");

        var (reopened, @case) = await FindOrOpenAsync(underWay: true, reopen: true);
        await FindOrOpenAsync(underWay: true, reopen: true); // the next run: open, no second comment

        Assert.Equal(TrackingCase.ClosedByHandReopened, @case);
        Assert.Equal((issue.Number, "open", "reopened"), (reopened.Number, reopened.State, reopened.StateReason));
        Assert.Single(forge.Issues);
        var comment = Assert.Single(forge.CommentsOn(issue.Number));
        Assert.Contains(SeriesTracking.ReopenedComment, comment.Body);
        Assert.Contains("reopened (reopen_tracking_issue)", host.ToString());
    }

    [Fact]
    public async Task A_hand_closed_tracking_issue_is_respected_by_default_and_still_used()
    {
        var (issue, _) = await FindOrOpenAsync(underWay: false);
        forge.CloseIssue(issue.Number);

        var (kept, @case) = await FindOrOpenAsync(underWay: true);

        Assert.Equal(TrackingCase.ClosedByHandRespected, @case);
        Assert.Equal((issue.Number, "closed"), (kept.Number, kept.State));
        Assert.Single(forge.Issues);
        Assert.Contains(SeriesTracking.ClosedByHandComment, Assert.Single(forge.CommentsOn(issue.Number)).Body);
        Assert.Equal(
            $"#{issue.Number} (closed by a maintainer; its list is still kept current)",
            SeriesTracking.TrackedIn(kept)
        );
    }

    [Fact]
    public async Task A_complete_series_closes_its_issue_with_the_merged_chapters_ticked()
    {
        var a = await OpenChapterAsync("chapter_appendix", 1, 2);
        var b = await OpenChapterAsync("chapter_preface", 2, 2);
        var issue = await forge.CreateIssueAsync(
            Repo,
            "[zh] Sync series",
            Body(("chapter_appendix", a.Number), ("chapter_preface", b.Number)),
            [],
            default
        );
        forge.Merge(a.Number);
        forge.Merge(b.Number);
        Assert.True(SeriesPlan.Of(Head, [], await forge.ListOpenPullsAsync(Repo, Head + "/", default)).Complete);

        await TrackingIssue.CompleteAsync(forge, Repo, Head, issue, default);

        var closed = forge.Issue(issue.Number);
        Assert.Equal(("closed", "completed"), (closed.State, closed.StateReason));
        Assert.Contains($"- [x] `chapter_appendix`: #{a.Number}", closed.Body);
        Assert.Contains($"- [x] `chapter_preface`: #{b.Number}", closed.Body);
        Assert.EndsWith("\n\n" + SeriesTracking.CompleteLine + "\n", closed.Body);
        Assert.Null(await forge.FindOpenIssueAsync(Repo, Marker, default));
        // The bot closed it: the next series opens a new one.
        Assert.Equal(TrackingCase.Opened, TrackingIssue.Case(closed, seriesUnderWay: true, reopen: true));
    }

    [Fact]
    public async Task A_chapter_closed_unmerged_is_not_ticked()
    {
        var a = await OpenChapterAsync("chapter_appendix", 1, 1);
        forge.ClosePull(a.Number);
        var body = await TrackingIssue.TickedAsync(forge, Repo, Head, Body(("chapter_appendix", a.Number)), default);
        Assert.Contains($"- [ ] `chapter_appendix`: #{a.Number}", body);
    }

    Task<(Issue Issue, TrackingCase Case)> FindOrOpenAsync(bool underWay, bool reopen = false) =>
        TrackingIssue.FindOrOpenAsync(
            forge,
            host,
            Language(reopen),
            underWay,
            "[zh] Sync series with d2l-en a..b",
            Body(),
            default
        );
}
