using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amts.Bot.Publishing.Forge;

// What the forge answers, as GitHub's REST API shapes it (the JSON names are GitHub's): a second forge maps its
// answers onto these records.

internal sealed record RepoInfo(
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("default_branch")] string DefaultBranch
);

internal sealed record PullRef(
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("label")] string? Label
);

internal sealed record PullRequest(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("merged_at")] string? MergedAt,
    [property: JsonPropertyName("labels")] IReadOnlyList<NamedItem>? Labels,
    [property: JsonPropertyName("requested_reviewers")] IReadOnlyList<UserItem>? RequestedReviewers,
    [property: JsonPropertyName("html_url")] string HtmlUrl,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("head")] PullRef Head,
    [property: JsonPropertyName("base")] PullRef Base
);

internal sealed record NamedItem([property: JsonPropertyName("name")] string Name);

internal sealed record UserItem([property: JsonPropertyName("login")] string Login);

internal sealed record Issue(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("html_url")] string HtmlUrl,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("pull_request")] JsonElement? PullRequest
)
{
    /// <summary>GitHub's <c>state_reason</c> (completed, not_planned, reopened; null on an issue never
    /// closed).</summary>
    [JsonPropertyName("state_reason")]
    public string? StateReason { get; init; }
}

internal sealed record IssueComment(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("html_url")] string? HtmlUrl
);
