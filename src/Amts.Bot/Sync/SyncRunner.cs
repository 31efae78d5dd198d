using Amts.Bot.Errors;
using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

public sealed record SyncOptions
{
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required string Language { get; init; }
    public string? From { get; init; }
    public string To { get; init; } = "HEAD";
    public bool Commit { get; init; }
    public string? Branch { get; init; }
    public CosmeticRules Rules { get; init; } = CosmeticRules.Default;
    public string SourceName { get; init; } = "d2l-en";
    public string? CompareUrlBase { get; init; }
}

/// <summary>A sync cannot be carried out as asked (range, target, state); nothing has been written.</summary>
public sealed class SyncException(string message, string? hint = null) : AmtsException(ErrorKind.UserInput, message, hint);

/// <summary>
/// The sync, at the I/O edge: reads the English range from git, the translation from its work tree, plans every
/// file (pure), translates all requests through the engine, and only when everything has succeeded writes the
/// files (each atomically), the <c>_origin.md</c> records, the state file, and optionally one commit.
/// </summary>
public sealed class SyncRunner(ITranslationEngine? engine)
{
    public async Task<SyncReport> RunAsync(SyncOptions o, CancellationToken ct = default)
    {
        var src = new GitCli(o.Source);
        var state = SyncState.Read(o.Target);
        var to = ResolveCommit(src, o.To, "--to");
        var fromSpec = o.From ?? state?.SourceCommit ?? throw new SyncException("no --from given and the target has no sync state (.amts/state.json): say where the English range starts");
        var from = ResolveCommit(src, fromSpec, "--from");
        var usesOrigin = Directory.EnumerateFiles(o.Target, "*" + Book.OriginSuffix, SearchOption.AllDirectories).Any();

        var plans = new List<(FileReport Report, FilePlan? Plan, string? NewEnglish, string? NewEnglishBlob, string? DeletePath, string? MovedFrom)>();
        foreach (var change in DiffMarkdown(src, from, to))
        {
            var (status, oldPath, newPath) = change;
            switch (status)
            {
                case 'D':
                {
                    var exists = File.Exists(Path.Combine(o.Target, oldPath));
                    plans.Add((new FileReport(oldPath, exists ? oldPath : null, exists ? "deleted" : "missing", [], 0,
                        exists ? null : "deleted in English; the translation has no such file"), null, null, null, exists ? oldPath : null, null));
                    break;
                }
                default:
                {
                    var targetPath = File.Exists(Path.Combine(o.Target, newPath)) ? newPath
                        : status == 'R' && File.Exists(Path.Combine(o.Target, oldPath)) ? oldPath : null;
                    var newEnglish = src.Run("show", $"{to}:{newPath}");
                    var newBlob = src.Run("rev-parse", $"{to}:{newPath}").Trim();
                    if (state?.Files.TryGetValue(newPath, out var synced) == true && synced == newBlob) break; // already in step
                    if (targetPath == null && status == 'M')
                    {
                        plans.Add((new FileReport(newPath, null, "missing", [], 0, "changed in English; the translation has no such file"), null, null, null, null, null));
                        break;
                    }
                    string oldEnglish;
                    if (targetPath == null) oldEnglish = "";                                             // added: everything is new
                    else if (File.Exists(Path.Combine(o.Target, Book.OriginPathOf(targetPath)))) oldEnglish = ReadText(Path.Combine(o.Target, Book.OriginPathOf(targetPath)));
                    else if (state?.Files.TryGetValue(newPath, out var last) == true) oldEnglish = src.Run("cat-file", "blob", last);
                    else oldEnglish = status == 'A' ? "" : src.Run("show", $"{from}:{oldPath}");
                    var targetText = targetPath == null ? "" : ReadText(Path.Combine(o.Target, targetPath));
                    var planner = new FilePlanner(o.Language, o.Rules, LengthFor(oldEnglish, targetText));
                    var plan = planner.Plan(newPath, MarkdownDocument.Parse(oldEnglish, oldPath), MarkdownDocument.Parse(newEnglish, newPath), MarkdownDocument.Parse(targetText, targetPath ?? newPath));
                    var kind = targetPath == null ? "added" : status == 'R' && targetPath == oldPath ? "renamed" : "modified";
                    plans.Add((new FileReport(newPath, newPath, kind, [], newEnglish.Length, null), plan, newEnglish, newBlob, null, targetPath != newPath ? targetPath : null));
                    break;
                }
            }
        }

        // Translate everything in ONE engine call for the whole run (planned, priced and capped first); an engine error
        // stops the run before anything is written.
        var memory = engine is null or TranslationMemory { FromBook: true } ? BuildMemory(plans.Where(p => p.Plan != null).Select(p => p.Plan!), o) : engine;
        var asked = plans.Where(p => p.Plan is { Requests.Count: > 0 }).Select(p => p.Plan!).ToList();
        var answers = await TranslationRun.TranslateAsync(memory, asked.Select(plan => new TranslationRequestFile(plan.TargetPath, plan.Requests)).ToList(), "en", o.Language, ct);
        var translated = new Dictionary<FilePlan, IReadOnlyList<TranslationResult>>(ReferenceEqualityComparer.Instance);
        foreach (var (plan, answer) in asked.Zip(answers)) translated[plan] = answer;
        var results = new List<FileReport>();
        var writes = new List<(string Path, string? Content)>();
        var stateFiles = new Dictionary<string, string>(state?.Files ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var p in plans)
        {
            if (p.Plan == null)
            {
                results.Add(p.Report);
                if (p.DeletePath != null)
                {
                    writes.Add((p.DeletePath, null));
                    if (File.Exists(Path.Combine(o.Target, Book.OriginPathOf(p.DeletePath)))) writes.Add((Book.OriginPathOf(p.DeletePath), null));
                    stateFiles.Remove(p.DeletePath);
                }
                continue;
            }
            var translations = translated.TryGetValue(p.Plan, out var t) ? t : [];
            FileSyncResult applied;
            try
            {
                applied = FilePlanner.Apply(p.Plan, translations);
            }
            catch (InvalidOperationException e)
            {
                results.Add(p.Report with { Status = "failed", Note = e.Message });
                continue;
            }
            results.Add(p.Report with { Changes = applied.Changes });
            var path = p.Plan.TargetPath;
            if (p.MovedFrom != null)
            {
                writes.Add((p.MovedFrom, null));
                if (File.Exists(Path.Combine(o.Target, Book.OriginPathOf(p.MovedFrom)))) writes.Add((Book.OriginPathOf(p.MovedFrom), null));
                stateFiles.Remove(p.MovedFrom);
            }
            if (applied.NewTarget != p.Plan.OriginalTarget || p.MovedFrom != null) writes.Add((path, applied.NewTarget));
            if (usesOrigin) writes.Add((Book.OriginPathOf(path), p.NewEnglish));
            stateFiles[path] = p.NewEnglishBlob!;
        }
        var repoUrl = o.CompareUrlBase ?? GitHubUrlOf(src);
        var report = new SyncReport(o.SourceName, from, to, o.Language, memory.Name, results,
            repoUrl == null ? null : $"{repoUrl.TrimEnd('/')}/compare/{from}...{to}");

        // Nothing is written unless a file's content really changes, so a repeated run is a no-op.
        var effective = writes.Where(w => w.Content == null ? File.Exists(Path.Combine(o.Target, w.Path)) : !File.Exists(Path.Combine(o.Target, w.Path)) || ReadText(Path.Combine(o.Target, w.Path)) != w.Content).ToList();
        var newState = new SyncState(to, stateFiles);
        if (effective.Count == 0 && state?.SourceCommit == to) return report;
        if (o.Commit) PrepareBranch(o);
        foreach (var (path, content) in effective) AtomicFile.WriteOrDelete(Path.Combine(o.Target, path), content);
        AtomicFile.WriteOrDelete(Path.Combine(o.Target, SyncState.RelativePath), newState.ToJson());
        if (o.Commit) CommitAll(o, from, to);
        return report;
    }

    /// <summary>The web address of the English repository when its origin remote is on GitHub (for the compare link).</summary>
    public static string? GitHubUrlOf(GitCli git)
    {
        if (git.TryRun(out var url, "config", "--get", "remote.origin.url") != 0) return null;
        var m = System.Text.RegularExpressions.Regex.Match(url.Trim(), @"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([\w.-]+)/([\w.-]+?)(?:\.git)?/?$");
        return m.Success ? $"https://github.com/{m.Groups[1].Value}/{m.Groups[2].Value}" : null;
    }

    static LengthModel LengthFor(string english, string target)
    {
        int e = english.Count(c => !char.IsWhiteSpace(c)), t = target.Count(c => !char.IsWhiteSpace(c));
        return e > 0 && t > 0 ? new LengthModel((double)t / e, 0.6, 2.0) : LengthModel.Neutral;
    }

    /// <summary>The translation memory of the changed files: the human sentence pairs the planner found aligning each
    /// translation with its <c>_origin.md</c> (the English it was made from).</summary>
    static TranslationMemory BuildMemory(IEnumerable<FilePlan> plans, SyncOptions o) =>
        new(plans.Where(plan => plan.OriginalTarget.Length > 0 && File.Exists(Path.Combine(o.Target, Book.OriginPathOf(plan.TargetPath))))
            .SelectMany(plan => plan.HumanPairs));

    static string ResolveCommit(GitCli git, string rev, string what)
    {
        if (git.TryRun(out var sha, "rev-parse", "--verify", "--quiet", rev + "^{commit}") != 0)
            throw new SyncException($"{what} {rev}: no such commit in {git.WorkTree}");
        return sha.Trim();
    }

    static List<(char Status, string Old, string New)> DiffMarkdown(GitCli git, string from, string to)
    {
        var fields = git.Run("diff", "-M", "--name-status", "-z", from, to, "--", "*.md").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(char, string, string)>();
        for (int i = 0; i < fields.Length;)
        {
            char status = fields[i][0];
            if (status is 'R' or 'C') { result.Add((status == 'C' ? 'A' : 'R', fields[i + 1], fields[i + 2])); i += 3; }
            else { result.Add((status == 'T' ? 'M' : status, fields[i + 1], fields[i + 1])); i += 2; }
        }
        return result;
    }

    static string ReadText(string path) => SourceText.ReadFile(path);

    static void PrepareBranch(SyncOptions o)
    {
        var git = new GitCli(o.Target);
        git.Run("checkout", "-q", "-B", o.Branch ?? $"amts/sync-{o.Language}");
    }

    static void CommitAll(SyncOptions o, string from, string to)
    {
        var git = new GitCli(o.Target);
        git.Run("add", "-A", "--", ".");
        if (git.TryRun(out _, "diff", "--cached", "--quiet") == 0) return;
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "amts-bot";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "amts-bot@users.noreply.github.com";
        git.Run("commit", "-q", "-m", $"Sync with {o.SourceName} {from[..10]}..{to[..10]}\n\nEnglish range: {from}..{to}\nLanguage: {o.Language}");
    }
}
