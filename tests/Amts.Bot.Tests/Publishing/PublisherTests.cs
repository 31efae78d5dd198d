using Amts.Bot.Publishing.Action;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Sync;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation.Aws;
using static Amts.Bot.Tests.Publishing.PublishingCases;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// The sync pull request's publishing rules on an in-memory forge (no git, no HTTP): created, updated, unchanged,
/// nothing to publish, pending (a batch job), a re-run that finishes what a failed run left, and the review: one per
/// sync commit, none repeated after a retry, its comments only on the diff's lines.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PublisherTests
{
    readonly InMemoryForge forge = new();
    readonly RecordingHost host = new();

    [Fact]
    public async Task Created_opens_one_pull_request_with_the_labels_the_reviewers_and_the_quality_comment()
    {
        var result = await PublishAsync(forge, host, Text("[zh] Sync", "body"), quality: "BLEU 30");

        Assert.True(result.Created);
        Assert.Empty(result.Errors);
        var pull = forge.PullRequest(result.Pull!.Number);
        Assert.Equal(("[zh] Sync", "body", Head, Base), (pull.Title, pull.Body, pull.Head.Ref, pull.Base.Ref));
        Assert.Equal(["translation"], pull.Labels!.Select(l => l.Name));
        Assert.Equal(["astonzhang"], pull.RequestedReviewers!.Select(r => r.Login));
        Assert.Contains(forge.CommentsOn(pull.Number), c => c.Body == QualityComment.Marker + "\nBLEU 30");
        Assert.Equal(PublishOutcome.Created, PublishDecision.Outcome(result.Pull, result.Created, changed: true));
        Assert.Contains($"zh: pull request #{pull.Number} created", host.ToString());
    }

    [Fact]
    public async Task Updated_edits_the_open_pull_request_in_place_and_opens_no_second_one()
    {
        var first = await PublishAsync(forge, host, Text("[zh] Sync a..b", "old body"));
        forge.Writes.Clear();

        var second = await PublishAsync(forge, host, Text("[zh] Sync a..c", "new body"));

        Assert.False(second.Created);
        Assert.Equal(first.Pull!.Number, second.Pull!.Number);
        Assert.Single(forge.Pulls);
        Assert.Equal(("[zh] Sync a..c", "new body"), (second.Pull.Title, second.Pull.Body));
        // The labels and reviewers were there: not added again.
        Assert.Equal([$"update pull #{first.Pull.Number}"], forge.Writes);
        Assert.Equal(PublishOutcome.Updated, PublishDecision.Outcome(second.Pull, second.Created, changed: true));
    }

    [Fact]
    public async Task Unchanged_checks_each_step_and_writes_nothing()
    {
        await PublishAsync(forge, host, Text("[zh] Sync", "body"), quality: "BLEU 30");
        forge.Writes.Clear();

        var again = await PublishAsync(
            forge,
            host,
            Text("[zh] Sync", "body"),
            refreshBody: false,
            quality: "BLEU 31",
            qualityOnlyIfMissing: true
        );

        Assert.Empty(forge.Writes);
        Assert.Equal(PublishOutcome.Unchanged, PublishDecision.Outcome(again.Pull, again.Created, changed: false));
        Assert.Equal(ActionOperation.None, PublishDecision.Operation(PublishOutcome.Unchanged));
        Assert.Equal(
            $"pull request #{again.Pull!.Number} unchanged (each publishing step checked)",
            PublishDecision.Message(PublishOutcome.Unchanged, again.Pull)
        );
    }

    [Fact]
    public async Task Nothing_to_publish_opens_no_pull_request()
    {
        var result = await PublishAsync(forge, host, Text("[zh] Sync", "body"), refreshBody: false);

        Assert.Null(result.Pull);
        Assert.Empty(forge.Pulls);
        Assert.Empty(forge.Writes);
        var outcome = PublishDecision.Outcome(result.Pull, result.Created, changed: false);
        Assert.Equal(PublishOutcome.NotPublished, outcome);
        Assert.Equal(
            ("none", "nothing published"),
            (PublishDecision.Operation(outcome).Name(), PublishDecision.Message(outcome, null))
        );
    }

    [Fact]
    public async Task Pending_says_on_the_pull_request_that_the_batch_job_runs_and_reports_pending()
    {
        var record = new BatchJobRecord(
            "zh",
            "amts-zh-1",
            "job-1",
            "token",
            CommitA,
            CommitB,
            "digest",
            "s3://bucket/amts/zh",
            new DateTimeOffset(2024, 1, 2, 3, 4, 0, TimeSpan.Zero),
            1234,
            12,
            0,
            []
        );
        var pending = new BatchJobPendingException(record, "IN_PROGRESS", recordChanged: true, []);

        var outcome = await PendingBatchJob.EndAsync(
            forge,
            host,
            Language(),
            Head,
            Base,
            pending,
            [],
            "d2l-en",
            default
        );

        Assert.Equal(PendingBatchJob.Operation, outcome.Operation);
        var pull = Assert.Single(forge.Pulls);
        Assert.True(PendingBatchJob.IsPending(pull));
        Assert.Equal(pull.Number, outcome.PullNumber);
        Assert.Contains("job-1", pull.Body);

        // Found still running on the next run: nothing changes on the forge.
        forge.Writes.Clear();
        var still = new BatchJobPendingException(record, "IN_PROGRESS", recordChanged: false, []);
        var next = await PendingBatchJob.EndAsync(forge, host, Language(), Head, Base, still, [], "d2l-en", default);
        Assert.Equal((PendingBatchJob.Operation, pull.Number), (next.Operation, next.PullNumber));
        Assert.Empty(forge.Writes);
    }

    [Fact]
    public async Task A_second_pull_request_for_the_same_head_is_never_asked_for()
    {
        await PublishAsync(forge, host, Text("[zh] Sync", "body"));
        // The forge refuses it as GitHub does; the publisher finds the open one first, so it never asks.
        await PublishAsync(forge, host, Text("[zh] Sync", "body"));
        Assert.Single(forge.Pulls);
    }

    [Fact]
    public async Task A_rerun_finishes_what_a_failed_run_left_without_a_second_pull_request()
    {
        forge.FailNext("AddLabels");
        var failed = await PublishAsync(forge, host, Text("[zh] Sync", "body"));
        Assert.NotNull(failed.Pull); // the pull request exists and is reported with the failure
        Assert.Contains(failed.Errors, e => e.StartsWith("labels: ", StringComparison.Ordinal));
        Assert.Contains(host.Annotations, a => a.Level == AnnotationLevel.Error && a.Message.Contains("labels failed"));

        var rerun = await PublishAsync(forge, host, Text("[zh] Sync", "body"), refreshBody: false);

        Assert.Empty(rerun.Errors);
        Assert.Equal(failed.Pull.Number, Assert.Single(forge.Pulls).Number);
        Assert.Equal(["translation"], forge.PullRequest(failed.Pull.Number).Labels!.Select(l => l.Name));
    }

    [Fact]
    public async Task A_reviewer_github_refuses_is_a_warning_and_the_rest_is_published()
    {
        forge.NotCollaborators.Add("astonzhang");
        var result = await PublishAsync(forge, host, Text("[zh] Sync", "body"), quality: "BLEU 30");

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.StartsWith("reviewers not requested", StringComparison.Ordinal));
        Assert.Contains(forge.CommentsOn(result.Pull!.Number), c => c.Body.Contains(QualityComment.Marker));
    }

    [Fact]
    public async Task Continuations_are_comments_and_a_continuation_no_longer_needed_is_emptied_not_left_stale()
    {
        var first = await PublishAsync(forge, host, Text("[zh] Sync", "body", "part 2", "part 3"));
        var number = first.Pull!.Number;
        Assert.Equal(2, forge.CommentsOn(number).Count);

        await PublishAsync(forge, host, Text("[zh] Sync", "shorter body", "part 2"));

        var comments = forge.CommentsOn(number);
        Assert.Equal(2, comments.Count);
        Assert.Contains(comments, c => c.Body.EndsWith("\npart 2", StringComparison.Ordinal));
        Assert.Contains(comments, c => c.Body.Contains("no further review items"));
    }

    [Fact]
    public async Task One_review_per_commit_on_the_diff_lines_only_and_none_repeated_after_a_retry()
    {
        // GitHub shows lines 8–17 of the file in the pull request's diff; the item on lines 40–41 is outside it.
        var diff = PullDiff.Parse(
            $"--- a/{TranslationFile}\n+++ b/{TranslationFile}\n@@ -8,7 +8,10 @@ intro\n x\n+a\n+b\n+c\n x\n x\n x\n "
                + "x\n x\n x\n"
        );
        var comments = ReviewComments.From(Report(new LineRange(11, 14), new LineRange(40, 41)), diff.Contains);
        Assert.Equal((11, 14), (Assert.Single(comments).StartLine, comments[0].Line));

        var first = await PublishAsync(forge, host, Text("[zh] Sync", "body"));
        forge.SetDiff(first.Pull!.Number, TranslationFile, 8, 17);
        forge.FailNext("CreateReview"); // the answer lost: nothing stored, the step reported
        var failed = await PublishAsync(forge, host, Text("[zh] Sync", "body"), review: (CommitB, comments));
        Assert.Single(failed.Errors, e => e.StartsWith("review comments: ", StringComparison.Ordinal));
        Assert.Empty(forge.Reviews);

        await PublishAsync(forge, host, Text("[zh] Sync", "body"), review: (CommitB, comments));
        await PublishAsync(forge, host, Text("[zh] Sync", "body"), review: (CommitB, comments));

        var review = Assert.Single(forge.Reviews);
        Assert.Equal(CommitB, review.CommitId);
        Assert.StartsWith($"<!-- amts:review {CommitB} -->\n", review.Body);
        Assert.Equal(comments, review.Comments);

        // The next sync commit gets its own review.
        await PublishAsync(forge, host, Text("[zh] Sync", "body"), review: (CommitA, comments));
        Assert.Equal([CommitB, CommitA], forge.Reviews.Select(r => r.CommitId));
    }

    [Fact]
    public async Task A_review_comment_github_refuses_is_a_warning_the_items_stay_in_the_body()
    {
        var first = await PublishAsync(forge, host, Text("[zh] Sync", "body"));
        forge.SetDiff(first.Pull!.Number, TranslationFile, 8, 17);
        IReadOnlyList<ReviewComment> outside = ReviewComments.From(Report(new LineRange(40, 41)));

        var result = await PublishAsync(forge, host, Text("[zh] Sync", "body"), review: (CommitB, outside));

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("must be part of the diff"));
        Assert.Empty(forge.Reviews);
    }
}
