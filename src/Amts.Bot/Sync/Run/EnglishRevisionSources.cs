using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;

namespace Amts.Bot.Sync.Run;

/// <summary>
/// The extra English revisions of a sync (<see cref="SyncOptions.EnglishRevisions"/>) as git repositories: a folder is
/// used as it is (a work tree or a bare repository), a bundle file (<c>git bundle</c>, e.g. the English releases) is
/// cloned bare into a temporary folder that goes when this is disposed.
/// </summary>
internal sealed class EnglishRevisionSources : IDisposable
{
    readonly List<string> temporary = [];
    readonly List<string> repositories = [];

    public IReadOnlyList<string> Repositories => repositories;

    public static EnglishRevisionSources Open(IReadOnlyList<string> paths, string what)
    {
        var sources = new EnglishRevisionSources();
        var repositories = sources.repositories;
        try
        {
            foreach (var path in paths.Where(p => p.Trim().Length > 0).Select(p => p.Trim()))
            {
                if (Directory.Exists(path))
                {
                    if (new GitCli(path).TryRun(out _, "rev-parse", "--git-dir") != 0)
                        throw AmtsException.Input(
                            $"{what} {path}: not a git repository",
                            "give a clone of the English revisions, or a git bundle of them"
                        );
                    repositories.Add(path);
                    continue;
                }
                if (!File.Exists(path))
                    throw AmtsException.Input(
                        $"{what} {path}: no such folder or file",
                        "give a git repository or bundle of English revisions"
                    );
                var folder = Path.Combine(Path.GetTempPath(), "amts-english-" + Guid.NewGuid().ToString("N")[..12]);
                sources.temporary.Add(folder);
                var git = new GitCli(Path.GetTempPath());
                if (git.TryRun(out _, "clone", "-q", "--bare", Path.GetFullPath(path), folder) != 0)
                    throw AmtsException.Input(
                        $"{what} {path}: not a git bundle git can clone",
                        "give a git repository or bundle of English revisions"
                    );
                repositories.Add(folder);
            }
        }
        catch
        {
            sources.Dispose();
            throw;
        }
        return sources;
    }

    public void Dispose()
    {
        foreach (var folder in temporary)
            try
            {
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
            }
            catch (IOException) { } // a temporary folder left behind is harmless
            catch (UnauthorizedAccessException) { }
    }
}
