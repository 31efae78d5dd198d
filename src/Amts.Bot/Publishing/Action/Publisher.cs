using System.Net;
using Amts.Bot.Errors;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>What publishing left: the pull request (once it exists it is always reported), and what went wrong
/// after.</summary>
internal sealed record PublishResult(
    PullRequest? Pull,
    bool Created,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Errors
);

/// <summary>
/// Publishes a language's sync as steps that are each checked and completed on every run, so a re-run finishes what
/// a failed run left: the pull request (found or created; a create whose answer was lost is looked up, never
/// repeated blindly), its title and body, the continuation comments, the labels and reviewers still missing, and the
/// quality comment (one, found by its marker). A step that fails after the pull request exists does not hide it:
/// the rest still runs and the result names both. A reviewer GitHub refuses (422, not a collaborator) is a warning.
/// </summary>
internal sealed class Publisher(IForge forge, ICiHost host)
{
    public async Task<PublishResult> PublishAsync(
        string repo,
        string head,
        string baseBranch,
        LanguageConfig language,
        Func<PullRequest?, PullRequestText> text,
        bool refreshBody,
        Func<CancellationToken, Task<string>>? qualityComment,
        CancellationToken ct,
        bool qualityOnlyIfMissing = false,
        (string CommitId, IReadOnlyList<ReviewComment> Comments)? review = null
    )
    {
        var warnings = new List<string>();
        var errors = new List<string>();
        var pull = await forge.FindOpenPullAsync(repo, head, ct);
        bool created = false;
        if (pull == null)
        {
            if (!refreshBody)
                return new PublishResult(null, false, warnings, errors);
            var initial = text(null);
            pull = await forge.CreatePullAsync(repo, initial.Title, head, baseBranch, initial.Body, ct);
            created = true;
            host.Log($"{language.Code}: pull request #{pull.Number} created");
        }
        async Task Step(string name, Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (GitHubException e) when (name == "review comments" && e.Status == HttpStatusCode.UnprocessableEntity)
            {
                warnings.Add($"review comments not posted (the items are in the body): {e.Message}");
                host.Annotate(
                    AnnotationLevel.Warning,
                    $"{language.Code}: the review comments on #{pull!.Number} were refused (the items are in the "
                        + $"body): {e.Message}",
                    "amts " + language.Code
                );
            }
            catch (GitHubException e) when (name == "reviewers" && e.Status == HttpStatusCode.UnprocessableEntity)
            {
                warnings.Add($"reviewers not requested: {e.Message}");
                host.Annotate(
                    AnnotationLevel.Warning,
                    $"{language.Code}: reviewers {string.Join(", ", language.Reviewers)} could not be requested on "
                        + $"#{pull!.Number}: {e.Message}",
                    "amts " + language.Code
                );
            }
            catch (AmtsException e)
            {
                errors.Add($"{name}: {e.UserMessage}");
                host.Annotate(
                    AnnotationLevel.Error,
                    $"{language.Code}: pull request #{pull!.Number} exists, but {name} failed: {e.UserMessage}",
                    "amts " + language.Code
                );
            }
        }
        var current = pull;
        if (refreshBody || created)
        {
            await Step("the body", async () =>
            {
                var t = text(current);
                if (current.Title != t.Title || current.Body != t.Body)
                    current = await forge.UpdatePullAsync(repo, current.Number, t.Title, t.Body, ct);
                var comments = await forge.ListCommentsAsync(repo, current.Number, ct);
                for (int i = 0; ; i++)
                {
                    var marker = string.Format(PullRequestTextBuilder.ContinuationMarker, i + 2);
                    bool exists = comments.Any(c => c.Body.Contains(marker, StringComparison.Ordinal));
                    if (i < t.Continuations.Count)
                        await forge.UpsertStickyCommentAsync(repo, current.Number, marker, t.Continuations[i], ct);
                    else if (exists)
                        await forge.UpsertStickyCommentAsync(
                            repo,
                            current.Number,
                            marker,
                            "*(no further review items: the body above lists them all)*",
                            ct
                        );
                    else
                        break;
                }
            });
        }
        await Step("labels", async () =>
        {
            var missing = language.Labels.Where(l => current.Labels?.Any(x => x.Name == l) != true).ToList();
            if (missing.Count > 0)
                await forge.AddLabelsAsync(repo, current.Number, missing, ct);
        });
        await Step("reviewers", async () =>
        {
            // GitHub removes a reviewer from requested_reviewers once they review: request only on creation or when
            // none of them is requested (a run that failed before this step).
            var requested = current.RequestedReviewers?.Select(r => r.Login).ToHashSet() ?? [];
            if (
                language.Reviewers.Count > 0
                && (created || requested.Count == 0)
                && language.Reviewers.Any(r => !requested.Contains(r))
            )
                await forge.RequestReviewersAsync(
                    repo,
                    current.Number,
                    language.Reviewers.Where(r => !requested.Contains(r)).ToList(),
                    ct
                );
        });
        if (review is { Comments.Count: > 0 } r)
            await Step("review comments", async () =>
            {
                // One review per sync commit: its marker names the commit, so a re-run finds it and adds nothing.
                var marker = $"<!-- amts:review {r.CommitId} -->";
                if (await forge.HasReviewAsync(repo, current.Number, marker, ct))
                    return;
                var body =
                    $"{marker}\nThe bot's changes that need a translator's eyes ({r.Comments.Count}), on their "
                    + "lines; the pull request's body lists them all.";
                await forge.CreateReviewAsync(repo, current.Number, r.CommitId, body, r.Comments, ct);
            });
        if (qualityComment != null)
            await Step("the quality comment", async () =>
            {
                if (
                    qualityOnlyIfMissing
                    && (await forge.ListCommentsAsync(repo, current.Number, ct)).Any(c =>
                        c.Body.Contains(QualityComment.Marker, StringComparison.Ordinal)
                    )
                )
                    return;
                await forge.UpsertStickyCommentAsync(
                    repo,
                    current.Number,
                    QualityComment.Marker,
                    await qualityComment(ct),
                    ct
                );
            });
        return new PublishResult(current, created, warnings, errors);
    }
}
