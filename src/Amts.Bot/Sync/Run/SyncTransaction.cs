using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync.Run;

/// <summary>
/// The apply phase of a sync, as a transaction on the translation's git work tree. <see cref="Begin"/> runs before
/// anything is read from the target; <see cref="Apply"/> after everything is planned and translated.
/// <list type="bullet">
/// <item>A lock: <c>GITDIR/amts.lock</c>, opened exclusively (on Unix .NET holds it with <c>flock</c>, so the system
///   releases it when the holder dies, even by SIGKILL: no stale lock; setting DOTNET_SYSTEM_IO_DISABLEFILELOCKING
///   turns that off). A second run on the target fails at once, clearly.</item>
/// <item>A journal: <c>GITDIR/amts-journal/</c> records, before any file of the target is touched, the branch the run
///   started on and every path it is about to write, with the hash of its old and new content and a copy of the old
///   content. The next run (of any kind) first puts back whatever a killed or failed run left half done, so a run
///   killed at any point leaves either the old or the new state.</item>
/// <item>With <c>--commit</c>: the target must be clean (the bot commits only what it writes, never a user's file);
///   the commit goes on the sync branch, which is never moved when it holds commits the run would orphan; the state
///   file is part of the commit (added past a <c>.gitignore</c> that hides <c>*.json</c>, as d2l-zh's does).</item>
/// <item>Without <c>--commit</c> (a preview): the files are written for a look, never the state; the journal stays, so
///   the next run first takes the preview back. Files edited since the preview make it refuse to guess; once HEAD has
///   moved (the user committed), the preview's files are the user's and the journal is dropped.</item>
/// <item>Files are written to temporary files beside them first and renamed only when every one was written, so an I/O
///   failure leaves the old files (and whatever was already renamed is put back from the journal).</item>
/// </list>
/// </summary>
internal sealed class SyncTransaction : IDisposable
{
    public const string LockFileName = "amts.lock";
    public const string JournalFolderName = "amts-journal";
    const string JournalFileName = "journal.json";

    /// <summary>Where the lock and the journal live when a preview's target is a plain folder, not a git work
    /// tree.</summary>
    const string PlainFolderControl = ".amts/run";
    const string TempSuffix = ".amts-tmp";

    /// <summary>At most this many paths are named in a message (a dirty tree can hold thousands).</summary>
    const int MaxPathsInMessage = 10;

    /// <summary>Test hook: the process kills itself (SIGKILL) after this many apply steps, to prove kill
    /// safety.</summary>
    const string KillAfterStepsVariable = "AMTS_TEST_KILL_AFTER_STEPS";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    static readonly UTF8Encoding Utf8 = new(false);

    readonly SyncOptions options;
    readonly string root;
    readonly GitCli git;
    readonly string journalDir;
    readonly FileStream lockStream;
    readonly int killAfter = int.TryParse(System.Environment.GetEnvironmentVariable(KillAfterStepsVariable), out var k)
        ? k
        : 0;
    int steps;
    Journal? begun;
    bool applied;

    SyncTransaction(SyncOptions options, string root, GitCli git, string controlDir, FileStream lockStream)
    {
        this.options = options;
        this.root = root;
        this.git = git;
        this.lockStream = lockStream;
        journalDir = Path.Combine(controlDir, JournalFolderName);
    }

    string SyncBranch => options.Branch ?? $"amts/sync-{options.Language}";

    /// <summary>Checks the target, takes its lock, recovers what an earlier run left half done, and with --commit
    /// checks that the tree is clean and puts HEAD on the sync branch. Call before reading anything from the
    /// target.</summary>
    public static SyncTransaction Begin(SyncOptions o)
    {
        SyncChecks.Language(o.Language);
        var root = Path.GetFullPath(o.Target);
        if (!Directory.Exists(root))
            throw new SyncException($"--target {o.Target}: no such folder");
        var git = new GitCli(root);
        string controlDir;
        var (code, stdout, stderr) = git.Execute(["rev-parse", "--show-prefix"], null);
        var prefix = System.Text.Encoding.UTF8.GetString(stdout);
        // A repository git refuses to read (another user's) is no plain folder: nothing may be written into it.
        if (code != 0 && stderr.Contains("dubious ownership", StringComparison.Ordinal))
            throw new SyncException(
                $"--target {o.Target} belongs to another user, so git refuses to read it",
                $"run as its owner, or trust it: git config --global --add safe.directory {root}"
            );
        if (code == 0)
        {
            if (prefix.Trim().Length > 0)
                throw new SyncException(
                    $"--target {o.Target} is a folder inside a work tree, not its top",
                    $"pass {git.Run("rev-parse", "--show-toplevel").Trim()}"
                );
            controlDir = git.Run("rev-parse", "--absolute-git-dir").Trim();
        }
        else if (o.Commit)
            throw new SyncException(
                $"--target {o.Target} is not a git work tree, so --commit cannot commit there",
                "pass the folder of a clone of the translation's repository"
            );
        else
            controlDir = Path.Combine(root, PlainFolderControl); // a preview into a plain folder
        var lockStream = TakeLock(o.Target, controlDir);
        var t = new SyncTransaction(o, root, git, controlDir, lockStream);
        try
        {
            t.Recover();
            if (o.Commit)
            {
                t.RequireClean();
                t.PrepareBranch();
            }
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock. A run that stops between <see cref="Begin"/> and the end of <see cref="Apply"/> (a
    /// refused range, an engine error) first puts HEAD back on the branch it started on.</summary>
    public void Dispose()
    {
        try
        {
            if (!applied && begun != null)
                Recover();
        }
        catch (AmtsException)
        {
            // The journal stays; the next run finishes the recovery (and says so if it cannot).
        }
        finally
        {
            lockStream.Dispose();
        }
    }

    static FileStream TakeLock(string target, string controlDir)
    {
        var path = Path.Combine(controlDir, LockFileName);
        try
        {
            Directory.CreateDirectory(controlDir);
            // FileShare.None: exclusive among processes (flock on Unix, released by the system when the holder dies).
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes($"pid {System.Environment.ProcessId}\n"));
            stream.Flush();
            return stream;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SyncException(
                $"--target {target} is not writable: cannot create {path} ({e.Message})",
                "run as a user who may write the translation's work tree"
            );
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new SyncException(
                $"another amts sync is running on {target} (it holds {path})",
                "wait until it has finished, then run again"
            );
        }
        catch (IOException e)
        {
            throw AmtsException.Service(
                $"cannot create the lock {path}: {e.Message}",
                "check that the target's file system is writable",
                e
            );
        }
    }

    // ---- before planning ----

    void RequireClean()
    {
        var fields = git.Run("status", "--porcelain=v1", "-z", "--untracked-files=all")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var dirty = new List<string>();
        for (int i = 0; i < fields.Length; i++)
        {
            dirty.Add(fields[i].Trim()); // "M path", "?? path"
            if (fields[i][0] is 'R' or 'C')
                i++; // a rename's source path follows
        }
        if (dirty.Count == 0)
            return;
        throw new SyncException(
            $"--target {options.Target} has uncommitted changes ({Shorten(dirty)}); with --commit the bot commits "
                + "only what it writes",
            "commit, stash (git stash -u) or remove them first, or run without --commit to preview"
        );
    }

    /// <summary>HEAD onto the sync branch: created at HEAD; moved to HEAD when HEAD already contains it; checked out as
    /// it is when it is ahead of HEAD (an earlier, unmerged sync: the new one is built on it); refused when it holds
    /// commits HEAD does not contain and HEAD holds commits it does not (moving it would orphan them).</summary>
    void PrepareBranch()
    {
        var branch = SyncBranch;
        if (git.TryRun(out _, "check-ref-format", "--branch", branch) != 0)
            throw new SyncException($"--branch {branch} is not a valid branch name");
        if (git.TryRun(out var headOut, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") != 0)
            throw new SyncException($"--target {options.Target} has no commit yet", "commit the translation first");
        var head = headOut.Trim();
        var current = git.TryRun(out var name, "symbolic-ref", "--quiet", "--short", "HEAD") == 0 ? name.Trim() : null;
        if (current == branch)
            return;
        var tip = RefCommit(branch);
        Journal journal = new()
        {
            Mode = JournalMode.Commit,
            Head = head,
            OriginalBranch = current,
            OriginalHead = head,
            SyncBranch = branch,
            SyncBranchBefore = tip,
            Switched = true,
        };
        string[] checkout;
        if (tip == null)
            checkout = ["checkout", "-q", "-b", branch];
        else if (tip == head || IsAncestor(tip, head))
            checkout = ["checkout", "-q", "-B", branch]; // nothing on it that HEAD lacks
        else if (IsAncestor(head, tip))
        {
            checkout = ["checkout", "-q", branch];
            journal = journal with { Head = tip };
        }
        else
        {
            var commits = git.Run("log", "--format=%h %s", $"{head}..{tip}")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            throw new SyncException(
                $"branch {branch} holds {commits.Length} commit(s) that {current ?? head[..10]} does not contain "
                    + $"({Shorten(commits)}), and {current ?? "HEAD"} holds commits it does not; moving it would "
                    + "orphan them",
                $"merge {branch} first, or check it out and run there, or delete it if it was squash-merged (git "
                    + $"branch -D {branch}), or pass another --branch"
            );
        }
        WriteJournal(journal);
        begun = journal;
        Step();
        git.Run(checkout);
        Step();
    }

    // ---- apply ----

    /// <summary>Writes the files (a null content deletes), and with <c>--commit</c> the state and one commit on the
    /// sync branch — all or nothing. Only files whose content really changes are touched; with nothing to change the
    /// run leaves no trace (no commit, HEAD back where it was). Returns whether anything was written.</summary>
    public bool Apply(IReadOnlyList<(string Path, string? Content)> writes, SyncState? newState, string commitMessage)
    {
        var all = writes.ToList();
        if (options.Commit && newState != null)
            all.Add((SyncState.RelativePath, newState.ToJson()));
        var effective = all.GroupBy(w => w.Path, StringComparer.Ordinal)
            .Select(g => g.Last()) // a later write of a path wins
            .Where(w =>
                w.Content == null
                    ? File.Exists(Full(w.Path))
                    : !File.Exists(Full(w.Path)) || SourceText.ReadFile(Full(w.Path)) != w.Content
            )
            .ToList();
        applied = true; // from here on, a failure recovers at once (see Failed)
        if (effective.Count == 0)
        {
            Recover(); // only the branch switch, if any: put HEAD back
            return false;
        }

        var head = git.TryRun(out var h, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") == 0 ? h.Trim() : "";
        var journal = (
            begun
            ?? new Journal
            {
                Mode = options.Commit ? JournalMode.Commit : JournalMode.Preview,
                SyncBranch = options.Commit ? SyncBranch : null,
            }
        ) with
        {
            Head = head,
        };
        try
        {
            Directory.CreateDirectory(Path.Combine(journalDir, "pre"));
            var entries = new List<JournalEntry>();
            for (int i = 0; i < effective.Count; i++)
            {
                var (path, content) = effective[i];
                var full = Full(path);
                string? pre = null;
                if (File.Exists(full))
                {
                    pre = Path.Combine("pre", i.ToString());
                    File.Copy(full, Path.Combine(journalDir, pre), overwrite: true);
                }
                entries.Add(
                    new JournalEntry(path, HashOf(full), content == null ? null : Hash(Utf8.GetBytes(content)), pre)
                );
            }
            var created = effective
                .Where(w => w.Content != null)
                .SelectMany(w => MissingFolders(Full(w.Path)))
                .Distinct()
                .OrderByDescending(d => d.Length)
                .ToList();
            journal = journal with
            {
                Entries = entries,
                CreatedFolders = created.Select(d => Path.GetRelativePath(root, d)).ToList(),
            };
            WriteJournal(journal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(journalDir, e);
        }
        Step();

        // Every new content into a temporary file beside its target; nothing visible changes yet.
        foreach (var (path, content) in effective)
        {
            try
            {
                if (content != null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Full(path))!);
                    File.WriteAllBytes(TempOf(Full(path)), Utf8.GetBytes(content));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failed(path, e);
            }
            Step();
        }
        // Then the renames (and deletions), each atomic.
        foreach (var (path, content) in effective)
        {
            try
            {
                if (content != null)
                    File.Move(TempOf(Full(path)), Full(path), overwrite: true);
                else
                    File.Delete(Full(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failed(path, e);
            }
            Step();
        }
        if (!options.Commit)
            return true; // a preview: the journal stays, so that the next run can take it back

        try
        {
            // Exactly the paths written, past any .gitignore (update-index does not consult it), deletions included.
            var (code, _, stderr) = git.Execute(
                ["update-index", "--add", "--remove", "-z", "--stdin"],
                Utf8.GetBytes(string.Join('\0', effective.Select(w => w.Path)) + "\0")
            );
            if (code != 0)
                throw new GitException($"git update-index failed in {root} (exit {code}): {stderr.Trim()}");
            Step();
            git.AsBot().Run("commit", "-q", "--no-verify", "-m", commitMessage);
        }
        catch (GitException e)
        {
            throw Failed("the commit", e);
        }
        Step();
        try
        {
            Directory.Delete(journalDir, recursive: true); // the commit is the end of the transaction
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Harmless: the next run sees that the sync branch moved past the journal's commit and only removes it.
        }
        return true;
    }

    /// <summary>A failed write or commit: everything is put back from the journal, and the error says so.</summary>
    AmtsException Failed(string what, Exception e)
    {
        try
        {
            Recover();
        }
        catch (AmtsException again)
        {
            return AmtsException.Service(
                $"could not write {what} in {options.Target} ({e.Message}), and putting the old files back failed "
                    + $"too: {again.Message}",
                $"the next run puts them back from {journalDir} once the cause is fixed",
                e
            );
        }
        return AmtsException.Service(
            $"could not write {what} in {options.Target} ({e.Message}); nothing was changed",
            "check that the target is writable and has free space, then run again",
            e
        );
    }

    // ---- recovery ----

    /// <summary>Puts back what an earlier run (killed, failed, or a preview) left: its files from the journal, the
    /// index, the branch HEAD was on. A journal whose commit was made (the sync branch moved on) is done and only
    /// removed. Files changed since the bot wrote them are the user's: then nothing is touched and the run
    /// refuses.</summary>
    void Recover()
    {
        var path = Path.Combine(journalDir, JournalFileName);
        if (!File.Exists(path))
        {
            if (Directory.Exists(journalDir))
                Directory.Delete(journalDir, recursive: true); // a journal never finished: nothing was touched
            return;
        }
        Journal journal;
        try
        {
            journal = JsonSerializer.Deserialize<Journal>(File.ReadAllText(path), Json)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new SyncException(
                $"{path}: the journal of an earlier run is unreadable ({e.Message})",
                $"check `git status` in {options.Target}, restore what you do not want, then delete {journalDir}"
            );
        }
        try
        {
            foreach (var entry in journal.Entries)
                if (File.Exists(TempOf(Full(entry.Path))))
                    File.Delete(TempOf(Full(entry.Path)));

            bool done =
                journal.Mode == JournalMode.Commit
                    ? RefCommit(journal.SyncBranch ?? "") is { } tip && tip != journal.Head
                    : (git.TryRun(out var h, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") == 0 ? h.Trim() : "")
                        != journal.Head;
            if (!done)
            {
                var conflicts = journal
                    .Entries.Where(e => HashOf(Full(e.Path)) is var now && now != e.After && now != e.Before)
                    .Select(e => e.Path)
                    .ToList();
                if (conflicts.Count > 0)
                    throw new SyncException(
                        $"{Shorten(conflicts)} in {options.Target} changed since an earlier amts "
                            + $"run{(journal.Mode == JournalMode.Preview ? " (a preview)" : "")} wrote them; the bot "
                            + "does not guess whose they are",
                        $"commit your changes to keep them (or discard them with git checkout), then run again"
                    );
                if (journal.Mode == JournalMode.Commit && journal.Entries.Count > 0)
                    git.Run("reset", "-q"); // the tree was clean: the index is HEAD's
                foreach (
                    var entry in journal.Entries.Where(e => HashOf(Full(e.Path)) == e.After && e.After != e.Before)
                )
                {
                    if (entry.PreImage == null)
                        File.Delete(Full(entry.Path));
                    else
                    {
                        File.Copy(Path.Combine(journalDir, entry.PreImage), TempOf(Full(entry.Path)), overwrite: true);
                        File.Move(TempOf(Full(entry.Path)), Full(entry.Path), overwrite: true);
                    }
                }
                foreach (var folder in journal.CreatedFolders.Select(Full))
                    if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                        Directory.Delete(folder);
                if (journal.Switched && journal.SyncBranch != null)
                    RestoreBranch(journal);
            }
            Directory.Delete(journalDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AmtsException.Service(
                $"could not put back the files an earlier amts run left in {options.Target}: {e.Message}",
                $"make the target writable and run again (the journal {journalDir} says what to restore)",
                e
            );
        }
    }

    void RestoreBranch(Journal journal)
    {
        var branch = journal.SyncBranch!;
        var current = git.TryRun(out var name, "symbolic-ref", "--quiet", "--short", "HEAD") == 0 ? name.Trim() : null;
        if (current == branch)
        {
            if (journal.OriginalBranch != null)
                git.Run("checkout", "-q", journal.OriginalBranch);
            else
                git.Run("checkout", "-q", "--detach", journal.OriginalHead!);
        }
        if (RefCommit(branch) is not { } tip || tip != journal.Head)
            return;
        if (journal.SyncBranchBefore == null)
            git.Run("branch", "-q", "-D", branch);
        else if (journal.SyncBranchBefore != tip)
            git.Run("update-ref", "refs/heads/" + branch, journal.SyncBranchBefore, tip);
    }

    // ---- helpers ----

    void WriteJournal(Journal journal)
    {
        Directory.CreateDirectory(journalDir);
        var path = Path.Combine(journalDir, JournalFileName);
        File.WriteAllText(path + TempSuffix, JsonSerializer.Serialize(journal, Json));
        File.Move(path + TempSuffix, path, overwrite: true);
    }

    void Step()
    {
        if (killAfter > 0 && ++steps == killAfter)
            Process.GetCurrentProcess().Kill(); // SIGKILL on Unix
    }

    string Full(string relative) => Path.Combine(root, relative);

    static string TempOf(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + TempSuffix);

    IEnumerable<string> MissingFolders(string full)
    {
        for (
            var dir = Path.GetDirectoryName(full);
            dir != null && dir.Length > root.Length && !Directory.Exists(dir);
            dir = Path.GetDirectoryName(dir)
        )
            yield return dir;
    }

    string? RefCommit(string branch) =>
        git.TryRun(out var sha, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}") == 0
            ? sha.Trim()
            : null;

    bool IsAncestor(string ancestor, string of) => git.TryRun(out _, "merge-base", "--is-ancestor", ancestor, of) == 0;

    static string? HashOf(string full) =>
        File.Exists(full) ? Hash(File.ReadAllBytes(full))
        : Directory.Exists(full) ? "folder"
        : null;

    static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static string Shorten(IReadOnlyCollection<string> items) =>
        string.Join(", ", items.Take(MaxPathsInMessage))
        + (items.Count > MaxPathsInMessage ? $" and {items.Count - MaxPathsInMessage} more" : "");

    enum JournalMode
    {
        Preview,
        Commit,
    }

    sealed record JournalEntry(string Path, string? Before, string? After, string? PreImage);

    sealed record Journal
    {
        public JournalMode Mode { get; init; }

        /// <summary>The commit the files were written on (HEAD after the branch switch).</summary>
        public string Head { get; init; } = "";
        public string? OriginalBranch { get; init; }
        public string? OriginalHead { get; init; }
        public string? SyncBranch { get; init; }

        /// <summary>The sync branch's commit before the run; null when the run created it.</summary>
        public string? SyncBranchBefore { get; init; }
        public bool Switched { get; init; }
        public List<JournalEntry> Entries { get; init; } = [];
        public List<string> CreatedFolders { get; init; } = [];
    }
}

/// <summary>The sanity checks of a sync request (issue 10, "range sanity"): what makes no sense is refused before
/// anything is read or written.</summary>
internal static class SyncChecks
{
    /// <summary>A language code as Amazon Translate and BCP 47 write them: <c>zh</c>, <c>pt-BR</c>,
    /// <c>zh-TW</c>.</summary>
    static readonly System.Text.RegularExpressions.Regex LanguageCode = new(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$");

    public static void Language(string language)
    {
        if (string.IsNullOrWhiteSpace(language))
            throw new SyncException("--lang is empty", "give the translation's language code, e.g. --lang zh");
        if (!LanguageCode.IsMatch(language))
            throw new SyncException(
                $"--lang {language} is not a language code",
                "use a code such as zh, ja, pt-BR or zh-TW"
            );
    }

    /// <summary>The English range must go forward: <paramref name="from"/> an ancestor of (or equal to) <paramref
    /// name="to"/>.</summary>
    public static void Range(GitCli source, string from, string to, bool fromState)
    {
        if (from == to || source.TryRun(out _, "merge-base", "--is-ancestor", from, to) == 0)
            return;
        throw fromState
            ? new SyncException(
                $"the target's sync state ({SyncState.RelativePath}) says it is in step with {from}, which is not an "
                    + $"ancestor of --to {to}",
                "pass a later --to, or --from with the commit to start from"
            )
            : new SyncException(
                $"--from {from} is not an ancestor of --to {to}",
                "swap them, or give the older commit as --from"
            );
    }

    /// <summary>The target must share Markdown files with the English book (a file of the same path, or an
    /// <c>_origin.md</c> record of one), at either end of the range; else it is not a translation of it.</summary>
    public static void LooksLikeTranslation(GitCli source, string from, string to, string target)
    {
        var english = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rev in new[] { from, to })
            english.UnionWith(
                source
                    .Run("ls-tree", "-r", "-z", "--name-only", rev)
                    .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                    .Where(p => p.EndsWith(".md", StringComparison.Ordinal))
            );
        var translated =
            new GitCli(target).TryRun(
                out var listed,
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                "*.md"
            ) == 0
                ? listed.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                : Directory
                    .EnumerateFiles(target, "*.md", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(target, f).Replace('\\', '/'))
                    .ToArray(); // a plain folder
        if (
            translated.Any(p =>
                english.Contains(p)
                || (
                    Alignment.Book.IsOriginFile(p) && english.Contains(p[..^Alignment.Book.OriginSuffix.Length] + ".md")
                )
            )
        )
            return;
        throw new SyncException(
            $"--target {target} does not look like a translation of {source.WorkTree}: none of its "
                + $"{translated.Length} Markdown file(s) is a file of the English book",
            "check --source and --target"
        );
    }
}
