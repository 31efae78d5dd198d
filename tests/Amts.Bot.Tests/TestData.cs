using Amts.Bot.Publishing;

namespace Amts.Bot.Tests;

/// <summary>
/// The real books in ../shared/corpus, cloned once per test run into a temp folder (../shared is never modified).
/// A missing ../shared is a failure, not a skip: these tests are the point.
/// </summary>
public static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared { get; } = FindShared();

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Amts.Bot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Amts.Bot.sln not found above " + AppContext.BaseDirectory);
    }

    static string FindShared()
    {
        var env = Environment.GetEnvironmentVariable("AMTS_SHARED");
        var path = env ?? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        if (!Directory.Exists(Path.Combine(path, "corpus")))
            throw new InvalidOperationException($"the shared data is missing: expected {path}/corpus (set AMTS_SHARED to its folder)");
        return path;
    }

    static readonly Lazy<string> CloneRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "amts-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    });

    static readonly Lazy<string> English = new(() => CloneBundle("d2l-en"));
    static readonly Lazy<string> Chinese = new(() => CloneBundle("d2l-zh"));

    /// <summary>A read-only clone of d2l-en (master, 31 commits). Tests that change files make their own clone.</summary>
    public static string EnglishRepo => English.Value;

    /// <summary>A read-only clone of d2l-zh.</summary>
    public static string ChineseRepo => Chinese.Value;

    public static string Bundle(string name) => Path.Combine(Shared, "corpus", name + ".bundle");

    static string CloneBundle(string name)
    {
        var dest = Path.Combine(CloneRoot.Value, name);
        GitCli.Clone(Bundle(name), dest);
        return dest;
    }

    /// <summary>A fresh writable clone for one test.</summary>
    public static string FreshClone(string name)
    {
        var dest = Path.Combine(CloneRoot.Value, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        GitCli.Clone(Bundle(name), dest);
        return dest;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(CloneRoot.Value, "t-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string ReadEnglish(string path) => File.ReadAllText(Path.Combine(EnglishRepo, path));
    public static string ReadChinese(string path) => File.ReadAllText(Path.Combine(ChineseRepo, path));

    static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
