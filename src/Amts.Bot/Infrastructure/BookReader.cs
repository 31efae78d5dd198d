using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Infrastructure;

/// <summary>Reads a book's Markdown files from a folder (its work tree) or from a git revision of it.</summary>
internal static class BookReader
{
    /// <summary><paramref name="spec"/> is <c>PATH</c> or <c>PATH@REV</c>.</summary>
    public static Book Load(string spec, string language)
    {
        var (path, rev) = ParseSpec(spec);
        if (!Directory.Exists(path))
            throw Errors.AmtsException.Input($"{path}: no such folder");
        return rev == null ? FromFolder(path, language) : FromRevision(path, rev, language);
    }

    public static (string Path, string? Revision) ParseSpec(string spec)
    {
        int at = spec.LastIndexOf('@');
        // An '@' inside the folder name (no revision after it) is part of the path.
        if (at > 0 && !Directory.Exists(spec) && at < spec.Length - 1)
            return (spec[..at], spec[(at + 1)..]);
        return (spec, null);
    }

    public static Book FromFolder(string folder, string language)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (rel.Split('/').Any(p => p.StartsWith('.')))
                continue;
            files[rel] = SourceText.ReadFile(file);
        }
        return new Book(folder, language, files);
    }

    public static Book FromRevision(string repo, string revision, string language)
    {
        var git = new GitCli(repo);
        if (git.TryRun(out _, "rev-parse", "--verify", "--quiet", revision + "^{commit}") != 0)
            throw new GitException($"{repo}: no commit '{revision}'");
        var entries = git.TreeBlobs(revision).Where(e => e.Path.EndsWith(".md", StringComparison.Ordinal)).ToList();
        var blobs = git.ReadBlobs(entries.Select(e => e.Id).Distinct().ToList());
        var files = entries.ToDictionary(
            e => e.Path,
            e => SourceText.Decode(blobs[e.Id], $"{repo}@{revision}:{e.Path}"),
            StringComparer.Ordinal
        );
        return new Book($"{repo}@{revision}", language, files);
    }
}
