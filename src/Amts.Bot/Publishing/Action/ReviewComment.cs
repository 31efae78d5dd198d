namespace Amts.Bot.Publishing.Action;

/// <summary>A review comment on one line (or the last line of a range) of a file of the pull request's head.</summary>
public sealed record ReviewComment(string Path, int Line, string Body);
