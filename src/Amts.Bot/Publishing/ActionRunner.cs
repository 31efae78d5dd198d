using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Evaluation;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Sync;
using Amts.Bot.Translation;

namespace Amts.Bot.Publishing;

/// <summary>Everything one run of the action knows: the English work tree and the pushed commit, the configuration,
/// the GitHub endpoints and token, and where it may clone (outside the workspace).</summary>
public sealed record ActionContext
{
    public required string EnglishRepo { get; init; }
    public required string PushedCommit { get; init; }
    public string? PushBefore { get; init; }
    public required ActionConfig Config { get; init; }
    public required string Token { get; init; }
    public required Uri ServerUrl { get; init; }
    public required string WorkRoot { get; init; }
    public string? Language { get; init; }
    public bool DryRun { get; init; }
    public string EnglishRepoName { get; init; } = "d2l-ai/d2l-en";
}

public sealed record LanguageOutcome(string Language, string Repository, string Operation, int? PullNumber, string? PullUrl, int MtChars, string Message);

/// <summary>
/// The action's algorithm, per language, written to be idempotent (after peter-evans/create-pull-request):
/// 1. clone the translation outside the workspace, authenticated by an <c>http.extraheader</c> passed through
///    <c>GIT_CONFIG_COUNT/KEY/VALUE</c> (never on a command line, never in a log);
/// 2. start from the open sync pull request's branch if there is one (its unmerged sync is kept), else from the
///    default branch; the English range starts at the translation's recorded sync state, or at the push's
///    <c>before</c> when there is no state yet;
/// 3. sync and commit on <c>amts/sync-LANG</c>; no new commit → nothing to push, no pull request, said so;
/// 4. push, then create the pull request or, on GitHub's 422 "already exists", update it; labels, reviewers;
/// 5. one comment per pull request, found by a hidden marker and edited in place, with the quality figures.
/// </summary>
public sealed class ActionRunner(GitHubClient github, Func<LanguageConfig, ITranslationEngine?> engines, TextWriter log,
    Func<LanguageConfig, IReadOnlyList<(string System, ITranslationEngine Engine)>>? qualitySystems = null)
{
    public const string CommentMarker = "<!-- amts:quality -->";

    public async Task<IReadOnlyList<LanguageOutcome>> RunAsync(ActionContext context, CancellationToken ct = default)
    {
        var outcomes = new List<LanguageOutcome>();
        foreach (var language in context.Config.Languages)
        {
            if (language.OptOut || (context.Language is { Length: > 0 } only && only != language.Code)) continue;
            log.WriteLine($"::group::{language.Code} ({language.Repository})");
            try
            {
                outcomes.Add(await RunLanguageAsync(context, language, ct));
            }
            catch (Exception e) when (e is GitException or GitHubException or SyncException or TranslationEngineException or InvalidDataException)
            {
                var message = e.Message.Replace(context.Token, "***");
                log.WriteLine($"::error title=amts {language.Code}::{Escape(message)}");
                outcomes.Add(new LanguageOutcome(language.Code, language.Repository, "failed", null, null, 0, message));
            }
            finally
            {
                log.WriteLine("::endgroup::");
            }
        }
        return outcomes;
    }

    async Task<LanguageOutcome> RunLanguageAsync(ActionContext context, LanguageConfig language, CancellationToken ct)
    {
        var branch = $"amts/sync-{language.Code}";
        var repo = await github.GetRepoAsync(language.Repository, ct);
        var baseBranch = language.Branch ?? repo.DefaultBranch;
        var openPull = (await github.ListOpenPullsAsync(language.Repository, language.Repository.Split('/')[0], branch, ct)).FirstOrDefault();

        var target = Path.Combine(context.WorkRoot, $"amts-{language.Code}-{Guid.NewGuid().ToString("N")[..8]}");
        var auth = Authenticated(context.Token);
        var url = $"{context.ServerUrl.ToString().TrimEnd('/')}/{language.Repository}.git";
        var cloner = new GitCli(context.WorkRoot);
        foreach (var (k, v) in auth) cloner.Environment[k] = v;
        cloner.Run("clone", "-q", "--branch", baseBranch, url, target);
        var git = new GitCli(target);
        foreach (var (k, v) in auth) git.Environment[k] = v;
        if (openPull != null && git.TryRun(out _, "fetch", "-q", "origin", $"{branch}:refs/remotes/origin/{branch}") == 0)
            git.Run("checkout", "-q", "-B", branch, $"origin/{branch}"); // the unmerged previous sync plus the new range
        else git.Run("checkout", "-q", "-B", branch);
        var before = git.Run("rev-parse", "HEAD").Trim();

        string? from = null;
        if (SyncState.Read(target) == null)
        {
            var pushBefore = context.PushBefore;
            bool usable = pushBefore is { Length: > 0 } && pushBefore.Any(c => c != '0')
                && new GitCli(context.EnglishRepo).TryRun(out _, "cat-file", "-e", pushBefore + "^{commit}") == 0;
            from = usable ? pushBefore : throw new SyncException(
                $"{language.Repository} has no sync state (.amts/state.json) and the push gives no usable start (before = {pushBefore ?? "none"}): run `amts sync --from <commit>` once to start");
        }
        var engine = engines(language);
        var report = await new SyncRunner(engine).RunAsync(new SyncOptions
        {
            Source = context.EnglishRepo, Target = target, Language = language.Code, From = from, To = context.PushedCommit, Commit = true, Branch = branch,
            SourceName = context.EnglishRepoName.Split('/')[^1], CompareUrlBase = $"{context.ServerUrl.ToString().TrimEnd('/')}/{context.EnglishRepoName}",
        }, ct);
        var after = git.Run("rev-parse", "HEAD").Trim();
        int mt = report.Totals.MtChars;
        if (after == before)
        {
            log.WriteLine($"{language.Code}: nothing to carry over from {context.PushedCommit[..7]}; no commit, no pull request");
            return new LanguageOutcome(language.Code, language.Repository, "none", openPull?.Number, openPull?.HtmlUrl, mt, "nothing to sync");
        }
        if (context.DryRun)
            return new LanguageOutcome(language.Code, language.Repository, "none", openPull?.Number, openPull?.HtmlUrl, mt, "dry run: nothing pushed");

        git.Run("push", "-q", "--force-with-lease", "origin", $"{branch}:{branch}");
        var title = $"[{language.Code}] Sync with {context.EnglishRepoName.Split('/')[^1]} @ {context.PushedCommit[..7]}";
        var body = report.PullRequestBody() + $"\n---\nEngine characters: {mt:N0} (estimated cost ${EstimatedCost(mt, report.Engine):F2} at list prices).\n";
        var (pull, created) = await github.CreateOrUpdatePullAsync(language.Repository, title, branch, baseBranch, body, ct);
        await github.AddLabelsAsync(language.Repository, pull.Number, language.Labels, ct);
        if (created) await github.RequestReviewersAsync(language.Repository, pull.Number, language.Reviewers, ct);
        await github.UpsertStickyCommentAsync(language.Repository, pull.Number, CommentMarker, QualityComment(report, target, language, engine), ct);
        log.WriteLine($"{language.Code}: pull request #{pull.Number} {(created ? "created" : "updated")}");
        return new LanguageOutcome(language.Code, language.Repository, created ? "created" : "updated", pull.Number, pull.HtmlUrl, mt, created ? "pull request created" : "pull request updated");
    }

    /// <summary>The token travels as an HTTP header set through git's environment configuration, so it is in no
    /// command line and no remote URL.</summary>
    public static Dictionary<string, string> Authenticated(string token) => new()
    {
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = "http.extraheader",
        ["GIT_CONFIG_VALUE_0"] = "AUTHORIZATION: basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token)),
    };

    /// <summary>Amazon Translate list prices per million characters: standard, and with parallel data (ACT).</summary>
    static decimal EstimatedCost(int characters, string engine) => engine switch
    {
        "aws" => AmazonTranslatePricing.RealTime.CostOf(characters),
        "aws-batch" => AmazonTranslatePricing.BatchWithParallelData.CostOf(characters),
        _ => 0m,
    };

    /// <summary>The quality comment: <see cref="QualityReport"/> on the changed files (held-out human sentences, learned
    /// length model, the language's metrics with intervals, no figure for the memory engine), then the cost line.</summary>
    string QualityComment(SyncReport report, string target, LanguageConfig language, ITranslationEngine? engine)
    {
        var changed = report.Files.Where(f => f.TargetPath != null && f.Status is "modified" or "renamed").Select(f => f.TargetPath!);
        var sb = new StringBuilder(QualityReport.MarkdownAsync(QualityReport.Samples(target, changed, language.Code), language.Code, engine,
            qualitySystems?.Invoke(language)).GetAwaiter().GetResult());
        sb.Append($"\nEngine `{report.Engine}`: {report.Totals.MtChars:N0} characters for this sync (estimated cost ${EstimatedCost(report.Totals.MtChars, report.Engine):F2}).\n");
        return sb.ToString();
    }

    /// <summary>Workflow-command data must not carry a line break or a %: GitHub's escaping.</summary>
    public static string Escape(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
}
