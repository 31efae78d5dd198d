using System.Diagnostics;
using System.Text;
using Amts.Bot.Errors;

namespace Amts.Bot.Infrastructure;

/// <summary>git refused or failed (a missing commit or object, a dirty tree, a failed push); names the command and work
/// tree.</summary>
internal sealed class GitException(string message, ErrorKind kind = ErrorKind.Service, string? hint = null)
    : AmtsException(kind, message, hint);

/// <summary>
/// Git through the git command line (LibGit2Sharp's native binaries are not available here). Arguments go
/// through <see cref="ProcessStartInfo.ArgumentList"/>, never a shell; credentials never appear in arguments.
/// </summary>
/// <summary>A file of a commit's tree: its path (as written, never quoted) and its blob's id.</summary>
internal readonly record struct TreeBlob(string Path, string Id);

internal sealed class GitCli(string workTree)
{
    public string WorkTree { get; } = workTree;

    /// <summary>Extra environment for every call (an identity, a temporary index).</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>Environment only for git's network commands (<see cref="NetworkCommands"/>): the credentials
    /// (GIT_CONFIG_COUNT/KEY/VALUE for an auth header). Every other git process runs without them.</summary>
    public Dictionary<string, string> Credentials { get; } = new();

    /// <summary>The git commands that talk to a remote, the only ones given <see cref="Credentials"/>.</summary>
    public static readonly IReadOnlySet<string> NetworkCommands = new HashSet<string>(StringComparer.Ordinal)
    {
        "clone",
        "fetch",
        "push",
        "ls-remote",
    };

    /// <summary>The git command of a command line (after the global options <c>-c NAME=VALUE</c>, <c>-C DIR</c>,
    /// …).</summary>
    public static string? CommandOf(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] is "-c" or "-C")
            {
                i++;
                continue;
            }
            if (!args[i].StartsWith('-'))
                return args[i];
        }
        return null;
    }

    /// <summary>Commits, merges and notes made by this instance are the bot's (a runner has no git identity of its
    /// own).</summary>
    public GitCli AsBot()
    {
        Environment["GIT_AUTHOR_NAME"] = Environment["GIT_COMMITTER_NAME"] = "amts-bot";
        Environment["GIT_AUTHOR_EMAIL"] = Environment["GIT_COMMITTER_EMAIL"] = "amts-bot@users.noreply.github.com";
        return this;
    }

    /// <summary>Runs git on a temporary index (<c>GIT_INDEX_FILE</c>) as the bot, to build trees and commits without
    /// touching the work tree or its index; the index file is removed afterwards.</summary>
    public T WithTemporaryIndex<T>(Func<GitCli, T> work)
    {
        var index = Path.Combine(Path.GetTempPath(), "amts-index-" + Guid.NewGuid().ToString("N"));
        var git = new GitCli(WorkTree);
        git.Environment["GIT_INDEX_FILE"] = index;
        git.AsBot();
        try
        {
            return work(git);
        }
        finally
        {
            File.Delete(index);
        }
    }

    public string Run(params string[] args) => Encoding.UTF8.GetString(RunBytes(args));

    public byte[] RunBytes(params string[] args)
    {
        var (code, stdout, stderr) = Execute(args, null);
        if (code != 0)
            throw new GitException($"git {Describe(args)} failed in {WorkTree} (exit {code}): {stderr.Trim()}");
        return stdout;
    }

    /// <summary>Runs and returns the exit code instead of throwing (for questions such as "does this commit
    /// exist").</summary>
    public int TryRun(out string stdout, params string[] args)
    {
        var (code, bytes, _) = Execute(args, null);
        stdout = Encoding.UTF8.GetString(bytes);
        return code;
    }

    public (int Code, byte[] Stdout, string Stderr) Execute(IReadOnlyList<string> args, byte[]? stdin)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = WorkTree,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        ChildEnvironment.Clean(psi);
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["LC_ALL"] = "C";
        foreach (var (k, v) in Environment)
            psi.Environment[k] = v;
        if (Credentials.Count > 0 && CommandOf(args) is { } command && NetworkCommands.Contains(command))
            foreach (var (k, v) in Credentials)
                psi.Environment[k] = v;
        Process? started;
        try
        {
            started = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitException(
                $"could not run git in {WorkTree}: {e.Message}",
                ErrorKind.Service,
                "install git and put it on the PATH"
            );
        }
        using var p = started
            ?? throw new GitException(
                $"could not run git in {WorkTree}",
                ErrorKind.Service,
                "install git and put it on the PATH"
            );
        var errTask = p.StandardError.ReadToEndAsync();
        var outStream = new MemoryStream();
        var outTask = p.StandardOutput.BaseStream.CopyToAsync(outStream);
        if (stdin != null)
        {
            try
            {
                p.StandardInput.BaseStream.Write(stdin);
                p.StandardInput.Close();
            }
            catch (IOException)
            {
                // git stopped reading (it failed early): its exit code and message, returned below, say why.
            }
        }
        outTask.Wait();
        p.WaitForExit();
        return (p.ExitCode, outStream.ToArray(), errTask.Result);
    }

    /// <summary>Every file (blob) of a commit's tree, recursively: <c>ls-tree -r -z</c>, whose NUL-separated paths git
    /// never quotes (submodules and other non-blob entries left out).</summary>
    public IReadOnlyList<TreeBlob> TreeBlobs(string revision) =>
        Run("ls-tree", "-r", "-z", revision)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e =>
            {
                int tab = e.IndexOf('\t');
                var meta = e[..tab].Split(' ');
                return (Type: meta[1], Blob: new TreeBlob(e[(tab + 1)..], meta[2]));
            })
            .Where(e => e.Type == "blob")
            .Select(e => e.Blob)
            .ToList();

    /// <summary>Reads many blobs in one <c>git cat-file --batch</c> process.</summary>
    public Dictionary<string, byte[]> ReadBlobs(IReadOnlyCollection<string> objectIds)
    {
        var input = Encoding.ASCII.GetBytes(string.Join('\n', objectIds) + "\n");
        var (code, output, stderr) = Execute(["cat-file", "--batch"], input);
        if (code != 0)
            throw new GitException($"git cat-file --batch failed in {WorkTree}: {stderr.Trim()}");
        var result = new Dictionary<string, byte[]>();
        int pos = 0;
        while (pos < output.Length)
        {
            int nl = Array.IndexOf(output, (byte)'\n', pos);
            var header = Encoding.ASCII.GetString(output, pos, nl - pos).Split(' ');
            pos = nl + 1;
            if (header.Length < 3)
                throw new GitException($"object {header[0]} is missing in {WorkTree}");
            int size = int.Parse(header[2]);
            result[header[0]] = output.AsSpan(pos, size).ToArray();
            pos += size + 1;
        }
        return result;
    }

    /// <summary>Every blob reachable from any ref whose path matches, once per distinct content: (object id, a path it
    /// had).</summary>
    public List<(string Id, string Path)> HistoryBlobs(Func<string, bool> pathFilter)
    {
        var seen = new HashSet<string>();
        var result = new List<(string, string)>();
        foreach (var line in Run("rev-list", "--objects", "--all").Split('\n'))
        {
            int space = line.IndexOf(' ');
            if (space < 0)
                continue;
            var (id, path) = (line[..space], line[(space + 1)..]);
            if (pathFilter(path) && seen.Add(id))
                result.Add((id, path));
        }
        return result;
    }

    public static GitCli Clone(string source, string destination, params string[] extraArgs)
    {
        var git = new GitCli(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        git.Run(["clone", "-q", .. extraArgs, source, destination]);
        return new GitCli(destination);
    }

    // Arguments are ours (paths, revisions), never secrets; still, keep long ones short in messages.
    static string Describe(IReadOnlyList<string> args) =>
        string.Join(' ', args.Select(a => a.Length > 80 ? a[..77] + "..." : a));
}
