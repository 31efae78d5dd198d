using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// Issue 18's acceptance on the real books: the English histories replayed one commit at a time onto d2l-zh, d2l-ja
/// and d2l-pt (memory engine, committed), and after every step the written translation is counted by
/// <see cref="DamageCensus"/>, which shares no code with the product's output check. In the suite a few steps of each
/// history run; with <c>AMTS_REPLAY=full</c> every step does (the 30 commits of d2l-en; day one of d2l-en-v1 and its
/// 40 pushes), and <c>AMTS_REPLAY_OUT</c> names a file for the figures (damage, review items per push, human lines
/// kept on day one).
/// </summary>
[Trait("Category", "Corpus")]
public class ReplayCensusTests
{
    static bool Full => Environment.GetEnvironmentVariable("AMTS_REPLAY") == "full";

    public static TheoryData<string, string, int> Cases =>
        new()
        {
            // English history, translation, steps in the suite (all of them with AMTS_REPLAY=full).
            { "d2l-en", "zh", 2 },
            { "d2l-en", "ja", 2 },
            { "d2l-en", "pt", 2 },
            { "d2l-en-v1", "pt", 1 },
            { "d2l-en-v1", "zh", 0 },
            { "d2l-en-v1", "ja", 0 },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replaying_a_history_writes_no_damage(string english, string language, int suiteSteps)
    {
        int steps = Full ? int.MaxValue : suiteSteps;
        if (steps == 0)
            return;
        var en = TestData.FreshClone(english);
        var tr = TestData.FreshClone("d2l-" + language);
        var git = new GitCli(en);
        var commits = git.Run("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var damage = new List<(int Step, DamageCensus.Damage D)>();
        var reviews = new List<int>();
        var figures = new StringBuilder($"## {english} onto {language}\n\n");
        var englishBefore = Tree(git, commits[0]);
        for (int k = 1; k < commits.Length && k <= steps; k++)
        {
            var before = Translation(tr);
            var report = await new SyncRunner(null).RunAsync(
                new SyncOptions
                {
                    Source = en,
                    Target = tr,
                    Language = language,
                    From = commits[k - 1],
                    To = commits[k],
                    Commit = true,
                }
            );
            var after = Translation(tr);
            var englishAfter = Tree(git, commits[k]);
            var reviewed = report
                .Files.Where(f =>
                    f.TargetPath != null
                    && f.Changes.Any(c => c.Change.Reason.Contains("reused from", StringComparison.Ordinal))
                )
                .Select(f => f.TargetPath!)
                .ToHashSet(StringComparer.Ordinal);
            var moves = report
                .Files.Where(f => f.MovedFrom != null && f.TargetPath != null)
                .ToDictionary(f => f.TargetPath!, f => f.MovedFrom!, StringComparer.Ordinal);
            var found = DamageCensus.Count(englishBefore, englishAfter, before, after, reviewed, moves);
            damage.AddRange(found.Select(d => (k, d)));
            reviews.Add(report.Totals.Reviews);
            var held = report.Files.Count(f => f.Status == FileStatus.Held);
            figures.Append(
                $"- step {k} {commits[k][..8]}: {report.Totals.Changes} change(s), {report.Totals.Reviews} review "
                    + $"item(s), {held} held, "
                    + $"{found.Count} damaged file(s)\n"
            );
            if (english == "d2l-en-v1" && k == 1)
                figures.Append($"  day one: {Kept(before, after)}; English {Kept(englishBefore, englishAfter)}\n");
            englishBefore = englishAfter;
        }
        var pushes = english == "d2l-en-v1" ? reviews.Skip(1).ToList() : reviews;
        if (pushes.Count > 0)
        {
            var sorted = pushes.Order().ToList();
            figures.Append(
                $"\nreview items per push: median {sorted[sorted.Count / 2]}, mean {pushes.Average():F1}, max "
                    + $"{pushes.Max()}\n"
            );
        }
        foreach (var g in damage.GroupBy(d => d.D.Class))
            figures.Append(
                $"\n{g.Key}: {g.Count()} — "
                    + $"{string.Join("; ", g.Take(5).Select(d => $"step {d.Step} {d.D.Path} {d.D.Detail}"))}"
            );
        figures.Append("\n\n");
        if (Environment.GetEnvironmentVariable("AMTS_REPLAY_OUT") is { Length: > 0 } output)
            lock (typeof(ReplayCensusTests))
                File.AppendAllText(output, figures.ToString());
        Assert.True(damage.Count == 0, figures.ToString());
    }

    /// <summary>The share of the non-blank lines of the files in <paramref name="before"/> still found in the same file
    /// after (each line as often as it was there).</summary>
    static string Kept(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        long all = 0,
            kept = 0;
        foreach (var (path, text) in before)
        {
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
            all += lines.Count;
            if (!after.TryGetValue(path, out var now))
                continue;
            var left = now.Split('\n')
                .Select(l => l.TrimEnd('\r'))
                .GroupBy(l => l)
                .ToDictionary(g => g.Key, g => g.Count());
            foreach (var l in lines)
                if (left.TryGetValue(l, out var n) && n > 0)
                {
                    kept++;
                    left[l] = n - 1;
                }
        }
        return $"{100.0 * kept / Math.Max(1, all):F1} % of {all:N0} lines kept verbatim";
    }

    /// <summary>The translation's Markdown files in its work tree (the <c>_origin.md</c> records left out).</summary>
    static Dictionary<string, string> Translation(string root) =>
        Directory
            .EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith(".git/", StringComparison.Ordinal) && !Book.IsOriginFile(p))
            .ToDictionary(p => p, p => File.ReadAllText(Path.Combine(root, p)), StringComparer.Ordinal);

    static Dictionary<string, string> Tree(GitCli git, string commit)
    {
        var entries = git.Run("ls-tree", "-r", "-z", commit)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => (Meta: e[..e.IndexOf('\t')].Split(' '), Path: e[(e.IndexOf('\t') + 1)..]))
            .Where(e => e.Meta[1] == "blob" && e.Path.EndsWith(".md", StringComparison.Ordinal))
            .ToList();
        var blobs = git.ReadBlobs(entries.Select(e => e.Meta[2]).Distinct().ToList());
        return entries.ToDictionary(
            e => e.Path,
            e => Encoding.UTF8.GetString(blobs[e.Meta[2]]),
            StringComparer.Ordinal
        );
    }
}
