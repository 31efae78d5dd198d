using System.Security.Cryptography;
using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync.Run;

/// <summary>The English trees <see cref="SyncPlanner"/> reads from git: each file's text and blob at a commit, the
/// English the state recorded for a file.</summary>
internal static partial class SyncPlanner
{
    /// <summary>The English each synced file without an <c>_origin.md</c> follows, by the state (path → text); what
    /// the source no longer has is left out.</summary>
    static Dictionary<string, string> RecordedEnglish(
        GitCli git,
        IReadOnlyDictionary<string, string> stateFiles,
        Book translation
    )
    {
        var wanted = stateFiles
            .Where(f =>
                translation.Files.ContainsKey(f.Key) && !translation.Files.ContainsKey(Book.OriginPathOf(f.Key))
            )
            .ToList();
        if (wanted.Count == 0)
            return [];
        Dictionary<string, byte[]> blobs;
        try
        {
            blobs = git.ReadBlobs(wanted.Select(f => f.Value).Distinct().ToList());
        }
        catch (GitException)
        {
            return [];
        } // a recorded blob gone from the source: no memory from the records
        return wanted
            .Where(f => blobs.ContainsKey(f.Value))
            .ToDictionary(f => f.Key, f => System.Text.Encoding.UTF8.GetString(blobs[f.Value]), StringComparer.Ordinal);
    }

    static string? TryReadBlob(GitCli git, string blob) =>
        git.TryRun(out var text, "cat-file", "blob", blob) == 0 ? text : null;

    /// <summary>The Markdown files of an English commit; a file that is not UTF-8 is left out (its own plan refuses
    /// it).</summary>
    static Dictionary<string, EnglishFile> ReadTree(GitCli git, string commit, HashSet<string>? notText = null)
    {
        var entries = git.TreeBlobs(commit).Where(e => e.Path.EndsWith(".md", StringComparison.Ordinal)).ToList();
        var blobs = git.ReadBlobs(entries.Select(e => e.Id).Distinct().ToList());
        var files = new Dictionary<string, EnglishFile>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            try
            {
                files[e.Path] = new EnglishFile(SourceText.Decode(blobs[e.Id], $"{commit}:{e.Path}"), e.Id);
            }
            catch (MarkdownInputException)
            {
                notText?.Add(e.Path);
            }
        }
        return files;
    }

    /// <summary>Blob id → commit of every Markdown blob that commits after <paramref name="to"/> introduced.</summary>
    static Dictionary<string, string> BlobsAfter(GitCli git, string to)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string commit = "";
        foreach (
            var line in git.Run(
                    "log",
                    "--all",
                    "--not",
                    to,
                    "--raw",
                    "--no-abbrev",
                    "--no-renames",
                    "--format=commit %H",
                    "--",
                    "*.md"
                )
                .Split('\n')
        )
        {
            if (line.StartsWith("commit ", StringComparison.Ordinal))
                commit = line[7..].Trim();
            else if (line.StartsWith(':'))
            {
                var fields = line.Split(' ', '\t');
                if (fields.Length > 3)
                    result.TryAdd(fields[3], commit);
            }
        }
        return result;
    }

    static string BlobId(string text)
    {
        var bytes = SourceText.Encode(text);
        var header = Encoding.ASCII.GetBytes($"blob {bytes.Length}\0");
#pragma warning disable CA5350 // git's object id is SHA-1 by definition; this names a blob, it protects nothing
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. bytes]));
#pragma warning restore CA5350
    }
}
