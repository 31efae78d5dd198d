using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// git over HTTPS as the action runs it, with git's own words turned into what the maintainer must do: a refused
/// token (git, which may not prompt, says "could not read Username"), a missing repository, a repository git
/// refuses to touch ("dubious ownership").
/// </summary>
internal static class GitFailures
{
    public static string Run(GitCli git, params string[] args)
    {
        var (code, stdout, stderr) = git.Execute(args, null);
        if (code != 0)
            throw Explain(args, stderr, git.WorkTree);
        return System.Text.Encoding.UTF8.GetString(stdout);
    }

    public static AmtsException Explain(IReadOnlyList<string> args, string stderr, string workTree)
    {
        var what = $"git {args[0]}";
        var text = stderr.Trim();
        if (
            text.Contains("could not read Username", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Authentication failed", StringComparison.OrdinalIgnoreCase)
            || text.Contains("returned error: 401", StringComparison.Ordinal)
            || text.Contains("returned error: 403", StringComparison.Ordinal)
        )
            return AmtsException.Input(
                $"{what}: the token was refused by the git server ({FirstLine(text)})",
                "the github_token has expired, was revoked, or cannot write to this repository: renew it (a GitHub "
                    + "App token lasts one hour) and give it Contents: read & write"
            );
        if (
            text.Contains("not found", StringComparison.OrdinalIgnoreCase)
            || text.Contains("does not appear to be a git repository", StringComparison.OrdinalIgnoreCase)
        )
            return AmtsException.Input(
                $"{what}: the repository was not found ({FirstLine(text)})",
                "check `repository:` in the configuration and that the token's app is installed on it"
            );
        if (text.Contains("dubious ownership", StringComparison.OrdinalIgnoreCase))
            return AmtsException.Input(
                $"{what}: git refuses {workTree}, owned by another user (dubious ownership)",
                $"run `git config --global --add safe.directory {workTree}` (the action's image does this for "
                    + "/github/workspace)"
            );
        return new GitException($"git {string.Join(' ', args.Take(3))} failed in {workTree}: {text}");
    }

    static string FirstLine(string s) => s.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}
