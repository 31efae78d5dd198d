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
/// file (pure), translates all requests through the engine, and only when everything has succeeded applies the
/// files, the <c>_origin.md</c> records and (with --commit) the state file and one commit, all or nothing, through a
/// <see cref="SyncTransaction"/> that also locks the target and recovers what an interrupted run left.
/// </summary>
public sealed class SyncRunner(ITranslationEngine? engine)
{
    public async Task<SyncReport> RunAsync(SyncOptions o, CancellationToken ct = default)
    {
        using var transaction = SyncTransaction.Begin(o); // lock, recovery, clean tree and sync branch (with --commit)
        var src = new GitCli(o.Source);
        var state = SyncState.Read(o.Target);
        var to = ResolveCommit(src, o.To, "--to");
        var fromSpec = o.From ?? state?.SourceCommit ?? throw new SyncException("no --from given and the target has no sync state (.amts/state.json): say where the English range starts");
        var from = ResolveCommit(src, fromSpec, "--from");
        SyncChecks.Range(src, from, to, fromState: o.From == null);
        SyncChecks.LooksLikeTranslation(src, from, to, o.Target);
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
                    var older = targetPath != null && File.Exists(Path.Combine(o.Target, Book.OriginPathOf(targetPath))) ? OlderThanOrigin(src, from, to, oldPath, newPath, oldEnglish, newEnglish) : null;
                    var plan = older != null ? FilePlanner.Held(newPath, MarkdownDocument.Parse(targetText, targetPath!), [older])
                        : planner.Plan(newPath, MarkdownDocument.Parse(oldEnglish, oldPath), MarkdownDocument.Parse(newEnglish, newPath), MarkdownDocument.Parse(targetText, targetPath ?? newPath));
                    var kind = targetPath == null ? "added" : status == 'R' && targetPath == oldPath ? "renamed" : "modified";
                    plans.Add((new FileReport(newPath, newPath, kind, [], newEnglish.Length, null), plan, newEnglish, newBlob, null, targetPath != newPath ? targetPath : null));
                    break;
                }
            }
        }

        // Translate everything in one batch per file; an engine error stops the run before anything is written.
        var memory = engine ?? BuildMemory(plans.Where(p => p.Plan != null).Select(p => p.Plan!), o);
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
            var translations = p.Plan.Requests.Count == 0 ? [] : await memory.TranslateAsync(p.Plan.Requests, "en", o.Language, ct);
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
            results.Add(p.Report with { Changes = applied.Changes, Findings = p.Plan.Findings });
            if (p.Plan.Held) continue; // held whole for review: translation, _origin.md and state stay, so the next sync starts from the same English
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

        // All or nothing, and only what really changes (a repeated run is a no-op); the state only with the commit.
        transaction.Apply(writes, new SyncState(to, stateFiles),
            $"Sync with {o.SourceName} {from[..10]}..{to[..10]}\n\nEnglish range: {from}..{to}\nLanguage: {o.Language}");
        return report;
    }

    /// <summary>Whether the range is older than the English a translation follows (planner's <see cref="RangeCheck"/>),
    /// given the file's English at the start of the range and its versions in the commits after the range.</summary>
    static FileFinding? OlderThanOrigin(GitCli src, string from, string to, string oldPath, string newPath, string origin, string newEnglish)
    {
        if (origin == newEnglish || src.TryRun(out var rangeOld, "show", $"{from}:{oldPath}") != 0) return null;
        var later = src.Run("rev-list", "-n", "50", "--all", "--not", to, "--", newPath).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => src.TryRun(out var text, "show", $"{c}:{newPath}") == 0 ? text : null).OfType<string>().ToList();
        return RangeCheck.OlderThanBase(newPath, origin, rangeOld, newEnglish, later);
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
}
