using Amts.Bot.Infrastructure;

namespace Amts.Bot.Tests;

/// <summary>
/// The real books in tests/data/corpus (copied into the repository with their attribution, so a fresh clone has
/// them), cloned once per test run into the run's temp folder (<see cref="TestTemp"/>; tests/data is never modified).
/// </summary>
public static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>tests/data: the corpus bundles and the sacreBLEU cases.</summary>
    public static string Data { get; } = Path.Combine(RepoRoot, "tests", "data");

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Amts.Bot.sln")))
            dir = dir.Parent;
        return dir?.FullName
            ?? throw new InvalidOperationException("Amts.Bot.sln not found above " + AppContext.BaseDirectory);
    }

    static readonly Lazy<string> CloneRoot = new(() =>
    {
        // The process id alone is not unique: test runs in other containers sharing /tmp reuse it.
        var root = Path.Combine(
            Path.GetTempPath(),
            $"amts-tests-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"
        );
        Directory.CreateDirectory(root);
        return root;
    });

    static readonly Lazy<string> English = new(() => CloneBundle("d2l-en"));
    static readonly Lazy<string> Chinese = new(() => CloneBundle("d2l-zh"));

    /// <summary>A read-only clone of d2l-en (master, 31 commits). Tests that change files make their own
    /// clone.</summary>
    public static string EnglishRepo => English.Value;

    /// <summary>A read-only clone of d2l-zh.</summary>
    public static string ChineseRepo => Chinese.Value;

    public static string Bundle(string name) => Path.Combine(Data, "corpus", name + ".bundle");

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

    /// <summary>tests/out (ignored by git): what a test writes for a person to look at afterwards (the bodies
    /// rendered as the README's pictures), never into the temp folder.</summary>
    public static string Pictures { get; } = Directory.CreateDirectory(Path.Combine(RepoRoot, "tests", "out")).FullName;

    public static string ReadEnglish(string path) => File.ReadAllText(Path.Combine(EnglishRepo, path));

    public static string ReadChinese(string path) => File.ReadAllText(Path.Combine(ChineseRepo, path));
}
