using System.Diagnostics;
using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;
using Amts.Bot.Tests.Fakes;
using Xunit.Abstractions;

namespace Amts.Bot.Tests.Translation;

/// <summary>The figures of docs/benchmarks.md ("Batch sync on the stand-in"): the whole real range of the d2l-en
/// bundle (first..tip) synced into d2l-zh in batch mode, with a job that takes <c>AMTS_BENCH_JOB_SECONDS</c> (default
/// 120: a short real job) polled every <c>AMTS_BENCH_POLL_SECONDS</c> (default 15) when <c>AMTS_BENCH_OUT</c> names the
/// file the figures go to; in the test suite a 10-second job polled every 2 seconds. Figures go to the test
/// output.</summary>
[Collection("s3rver")]
[Trait("Category", "Corpus")]
public class BatchBenchmarkTests(S3rverFixture s3rver, ITestOutputHelper output)
{
    [Fact]
    public void Batch_sync_of_the_whole_range_with_a_two_minute_job()
    {
        // The figures of docs/benchmarks.md come from a two-minute job (AMTS_BENCH_OUT set); in the suite the job is
        // short.
        bool benchmark = Environment.GetEnvironmentVariable("AMTS_BENCH_OUT") is { Length: > 0 };
        double jobSeconds =
            double.TryParse(Environment.GetEnvironmentVariable("AMTS_BENCH_JOB_SECONDS"), out var j) ? j
            : benchmark ? 120
            : 10;
        double pollSeconds =
            double.TryParse(Environment.GetEnvironmentVariable("AMTS_BENCH_POLL_SECONDS"), out var p) ? p
            : benchmark ? 15
            : 2;
        using var fake = new FakeTranslateService(
            s3rver.Store(),
            AwsTestEnvironment.AccessKey,
            AwsTestEnvironment.SecretKey
        )
        {
            JobDuration = TimeSpan.FromSeconds(jobSeconds),
        };
        fake.AddParallelData("d2l-en-zh");
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(en);
        var first = git.Run("rev-list", "--max-parents=0", "HEAD").Trim();
        var files = git.Run("diff", "--name-only", first, "HEAD", "--", "*.md")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Length;
        var report = Path.Combine(TestData.TempDir(), "r");
        CliResult r = null!;
        var clock = Stopwatch.StartNew();
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
            r = CliRunner.Run(
                "sync",
                "--source",
                en,
                "--target",
                zh,
                "--lang",
                "zh",
                "--from",
                first,
                "--to",
                "HEAD",
                "--engine",
                "aws",
                "--parallel-data",
                "d2l-en-zh",
                "--bucket",
                S3rverFixture.Bucket,
                "--role-arn",
                "arn:aws:iam::123456789012:role/amts",
                "--poll-seconds",
                pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--report",
                report
            )
        );
        clock.Stop();
        Assert.True(r.ExitCode == 0, r.Stderr);
        var billing = System
            .Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")))
            .RootElement.GetProperty("billing");
        var figures =
            $"files changed in range: {files}\n"
            + $"jobs started: {fake.JobsStarted}\n"
            + $"StartTextTranslationJob calls: {fake.Calls.Count(c => c.Operation == "StartTextTranslationJob")}, "
            + "DescribeTextTranslationJob polls: "
            + $"{fake.Calls.Count(c => c.Operation == "DescribeTextTranslationJob")}\n"
            + $"simulated job: {jobSeconds} s, poll interval: {pollSeconds} s, wall time of the sync: "
            + $"{clock.Elapsed.TotalSeconds:F1} s\n"
            + $"characters planned: {billing.GetProperty("plannedCharacters").GetInt64()}, billed "
            + $"(charactersTranslated): {billing.GetProperty("characters").GetInt64()}\n"
            + $"estimated: ${billing.GetProperty("estimatedUsd").GetDecimal()}, billed: "
            + $"${billing.GetProperty("billedUsd").GetDecimal()}\n"
            + $"stdout: {r.Stdout.Trim()}\n--- log ---\n{r.Stderr}";
        output.WriteLine(figures);
        if (Environment.GetEnvironmentVariable("AMTS_BENCH_OUT") is { Length: > 0 } path)
            File.WriteAllText(path, figures);
        Assert.Equal(1, fake.JobsStarted);
    }
}
