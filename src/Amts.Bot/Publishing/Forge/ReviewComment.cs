namespace Amts.Bot.Publishing.Forge;

/// <summary>A review comment on the lines <see cref="StartLine"/>–<see cref="Line"/> of a file of the pull request's
/// head (<see cref="StartLine"/> null: on <see cref="Line"/> alone).</summary>
internal sealed record ReviewComment(string Path, int Line, string Body, int? StartLine = null);
