using System.Diagnostics;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Xunit.Abstractions;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// Issue 18's speed target: the output check adds at most 10 % to a sync's CPU time. The day one of d2l-en-v1 (the
/// largest sync there is: 208 files) onto a translation is run in-process and timed (both steps are single-threaded
/// work: wall time on an idle machine is their CPU time); then every file
/// it wrote is checked again by <see cref="OutputVerifier"/> from the same texts (translation before and after, its
/// English before and after, the report's changes), timed the same way, in wall time and in the process' CPU time
/// (<see cref="Process.TotalProcessorTime"/>: what the target is about, and what a loaded machine does not inflate);
/// the share is the check's CPU time against the sync's without it. In the suite it runs onto d2l-pt; with
/// <c>AMTS_BENCH_OUT</c> set onto all three translations, figures appended to that file (docs/benchmarks.md).
/// </summary>
[Trait("Category", "Corpus")]
public class OutputVerifierBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_output_check_costs_under_a_tenth_of_a_sync()
    {
        var bench = Environment.GetEnvironmentVariable("AMTS_BENCH_OUT");
        foreach (var language in bench is { Length: > 0 } ? new[] { "zh", "ja", "pt" } : ["pt"])
        {
            var en = TestData.FreshClone("d2l-en-v1");
            var tr = TestData.FreshClone("d2l-" + language);
            var git = new GitCli(en);
            var commits = git.Run("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var before = BookReader.FromFolder(tr, language);
            var watch = Stopwatch.StartNew();
            var cpu = Cpu();
            var report = await new SyncRunner(null).RunAsync(
                new SyncOptions
                {
                    Source = en,
                    Target = tr,
                    Language = language,
                    From = commits[0],
                    To = commits[1],
                    Commit = true,
                }
            );
            var sync = watch.Elapsed;
            var syncCpu = Cpu() - cpu;
            var after = BookReader.FromFolder(tr, language);
            var english = BookReader.FromRevision(en, commits[1], "en");
            var files = report
                .Files.Where(f =>
                    f.TargetPath != null && f.Status != FileStatus.Held && after.Files.ContainsKey(f.TargetPath)
                )
                .Select(f => new WrittenFile(
                    f.TargetPath!,
                    before.Files.GetValueOrDefault(Book.OriginPathOf(f.MovedFrom ?? f.TargetPath!)) ?? "",
                    english.Files.GetValueOrDefault(f.SourcePath) ?? "",
                    before.Files.GetValueOrDefault(f.MovedFrom ?? f.TargetPath!) ?? "",
                    after.Files[f.TargetPath!],
                    f.Changes
                ))
                .ToList();
            watch.Restart();
            cpu = Cpu();
            int findings = files.Sum(f => OutputVerifier.Verify(f).Count);
            var check = watch.Elapsed;
            var checkCpu = Cpu() - cpu;
            // The sync ran the check once already: what it adds is the check against the sync without it.
            double added = checkCpu / (syncCpu - checkCpu);
            var line =
                $"day one onto {language}: sync {sync.TotalSeconds:F2} s wall, {syncCpu.TotalSeconds:F2} s CPU; "
                + $"output check of its {files.Count} written files {check.TotalSeconds:F3} s wall, "
                + $"{checkCpu.TotalSeconds:F3} s CPU (adds {100 * added:F1} % to the sync's CPU time), "
                + $"{findings} finding(s) on what was written";
            output.WriteLine(line);
            if (bench is { Length: > 0 })
                File.AppendAllText(bench, line + "\n");
            Assert.True(added <= 0.10, line);
        }
    }

    /// <summary>The CPU time of this process so far (every thread: the collector's and the JIT's included).</summary>
    static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
