using System.Net;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Publishing.GitHub;

namespace Amts.Bot.Tests.Fakes;

/// <summary>The in-memory forge's other half: what a maintainer does on GitHub, what a test reads back, and the store's
/// answers and refusals (<see cref="InMemoryForge"/>).</summary>
internal sealed partial class InMemoryForge
{
    // ---- what a maintainer does on GitHub ----

    /// <summary>The lines of the pull request's diff on its right side, per file (what a review comment may
    /// name).</summary>
    public void SetDiff(int number, string path, int first, int last)
    {
        var pull = PullOf(number, "GET");
        if (!pull.Diff.TryGetValue(path, out var hunks))
            pull.Diff[path] = hunks = [];
        hunks.Add((first, last));
    }

    public void Merge(int number)
    {
        var pull = PullOf(number, "PUT merge");
        pull.State = "closed";
        pull.MergedAt = "2024-01-01T00:00:00Z";
    }

    public void ClosePull(int number) => PullOf(number, "PATCH").State = "closed";

    /// <summary>A maintainer closes an issue by hand, with one of GitHub's reasons.</summary>
    public void CloseIssue(int number, string reason = "completed")
    {
        var issue = IssueOf(number);
        if (reason is not ("completed" or "not_planned" or "duplicate"))
            throw Refused($"PATCH /repos/{DefaultRepo}/issues/{number}", "Validation Failed");
        issue.State = "closed";
        issue.StateReason = reason;
    }

    /// <summary>The next <paramref name="times"/> calls of a kind (<c>CreatePull</c>, <c>AddLabels</c>,
    /// <c>CreateReview</c>, … the <see cref="IForge"/> method without <c>Async</c>) fail with a 502, as a call does
    /// after <see cref="GitHubClient"/>'s retries ran out. Nothing is stored.</summary>
    public void FailNext(string call, int times = 1) => failures[call] = times;

    public PullRequest PullRequest(int number) => ToRecord(PullOf(number, "GET"));

    public Issue Issue(int number) => ToRecord(IssueOf(number));

    public IReadOnlyList<Issue> Issues => issues.Select(ToRecord).ToList();

    public IReadOnlyList<PullRequest> Pulls => pulls.Select(ToRecord).ToList();

    public IReadOnlyList<IssueComment> CommentsOn(int number) =>
        comments.Where(c => c.Issue == number).Select(c => c.Comment).ToList();

    // ---- the store ----

    Task<T> Answer<T>(string call, Func<T> answer)
    {
        if (failures.TryGetValue(call, out var left) && left > 0)
        {
            failures[call] = left - 1;
            return Task.FromException<T>(
                new GitHubException(call, HttpStatusCode.BadGateway, "Server Error (4 attempts)")
            );
        }
        try
        {
            return Task.FromResult(answer());
        }
        catch (GitHubException e)
        {
            return Task.FromException<T>(e);
        }
    }

    static GitHubException Refused(string call, string message) =>
        new(call, HttpStatusCode.UnprocessableEntity, message);

    static GitHubException NotFound(string call) => new(call, HttpStatusCode.NotFound, "Not Found");

    Pull PullOf(int number, string verb) =>
        pulls.FirstOrDefault(p => p.Number == number) ?? throw NotFound($"{verb} /repos/{DefaultRepo}/pulls/{number}");

    IssueItem IssueOf(int number) =>
        issues.FirstOrDefault(i => i.Number == number) ?? throw NotFound($"PATCH /repos/{DefaultRepo}/issues/{number}");

    void ExistingNumber(int number)
    {
        if (pulls.All(p => p.Number != number) && issues.All(i => i.Number != number))
            throw NotFound($"/repos/{DefaultRepo}/issues/{number}/comments");
    }

    PullRequest ToRecord(Pull p) =>
        new(
            p.Number,
            p.MergedAt,
            p.Labels.Select(l => new NamedItem(l)).ToList(),
            p.Reviewers.Select(r => new UserItem(r)).ToList(),
            $"https://github.com/{DefaultRepo}/pull/{p.Number}",
            p.State,
            p.Title,
            p.Body,
            new PullRef(p.Head, $"{Owner}:{p.Head}"),
            new PullRef(p.Base, $"{Owner}:{p.Base}")
        );

    static Issue ToRecord(IssueItem i) =>
        new(i.Number, $"https://github.com/{DefaultRepo}/issues/{i.Number}", i.State, i.Title, i.Body, null)
        {
            StateReason = i.StateReason,
        };
}
