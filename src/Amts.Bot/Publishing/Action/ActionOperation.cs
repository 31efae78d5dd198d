namespace Amts.Bot.Publishing.Action;

/// <summary>What a run did for one language: the action's <c>operation</c> output (and each entry of
/// <c>results</c>), written as the member's lowercase name.</summary>
internal enum ActionOperation
{
    /// <summary>A pull request (or a series' first pull request) was opened.</summary>
    Created,

    /// <summary>The open pull request's branch moved (a new sync commit, the base merged in).</summary>
    Updated,

    /// <summary>Nothing was published: nothing to carry, a dry run, only the state would move, or the pull request
    /// was already current.</summary>
    None,

    /// <summary>The language failed (its message says why and what to do).</summary>
    Failed,

    /// <summary>An Amazon Translate batch job is still running: a later run finishes what this one started.</summary>
    Pending,
}

internal static class ActionOperations
{
    /// <summary>The operation as the action's outputs write it.</summary>
    public static string Name(this ActionOperation operation) => operation.ToString().ToLowerInvariant();
}
