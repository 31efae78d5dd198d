using Amts.Bot.Tests.Cli;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Translation;

/// <summary><c>amts parallel-data publish</c> and <c>amts terminology publish</c> against the fake Translate and
/// s3rver, configured by the AWS environment variables as in CI.</summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public class PublishCommandTests(S3rverFixture s3rver)
{
    [Fact]
    public void Parallel_data_is_created_then_updated_with_the_record_counts_printed()
    {
        using var fake = new FakeTranslateService(s3rver.Store(), "S3RVER", "S3RVER");
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
        {
            string[] args =
            [
                "parallel-data",
                "publish",
                "--source",
                TestData.EnglishRepo + "@HEAD",
                "--target",
                TestData.ChineseRepo,
                "--target-lang",
                "zh",
                "--name",
                "d2l-en-zh",
                "--bucket",
                S3rverFixture.Bucket,
                "--prefix",
                "amts/pd",
                "--format",
                "csv",
                "--poll-seconds",
                "0.01",
            ];
            var first = CliRunner.Run(args);
            Assert.True(first.ExitCode == 0, first.Stderr);
            Assert.Matches(
                @"^parallel data d2l-en-zh created from s3://amts-test/amts/pd/d2l-en-zh\.csv: ACTIVE, \d{4,} "
                    + @"records imported, 0 failed, 0 skipped \(\d+ sentence pairs sent\)",
                first.Stdout
            );
            var csv = s3rver
                .Store()
                .GetTextAsync(new S3Location(S3rverFixture.Bucket, "amts/pd/d2l-en-zh.csv"))
                .GetAwaiter()
                .GetResult();
            Assert.StartsWith("en,zh\n", csv);
            var second = CliRunner.Run(args);
            Assert.True(second.ExitCode == 0, second.Stderr);
            Assert.Contains("updated", second.Stdout);
            var ops = fake.Calls.Select(c => c.Operation).ToList();
            Assert.Contains("CreateParallelData", ops);
            Assert.Contains("UpdateParallelData", ops);
        });
    }

    [Fact]
    public void The_glossary_is_imported_as_terminology()
    {
        using var fake = new FakeTranslateService(s3rver.Store(), "S3RVER", "S3RVER");
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
        {
            var r = CliRunner.Run(
                "terminology",
                "publish",
                "--glossary",
                Path.Combine(TestData.ChineseRepo, "TERMINOLOGY.md"),
                "--name",
                "d2l-terms",
                "--target-lang",
                "zh"
            );
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Matches(@"^terminology d2l-terms: 1\d\d terms imported from ", r.Stdout);
            var body = fake.Calls.Single(c => c.Operation == "ImportTerminology").Body;
            Assert.Equal("OVERWRITE", body.GetProperty("MergeStrategy").GetString());
            var csv = System.Text.Encoding.UTF8.GetString(
                body.GetProperty("TerminologyData").GetProperty("File").GetBytesFromBase64()
            );
            Assert.StartsWith("en,zh\n", csv);
            Assert.Contains("saddle point,鞍点\n", csv);
            Assert.Contains("long short-term memory (LSTM),长短期记忆网络\n", csv);
        });
    }
}

[Collection("s3rver")]
[Trait("Category", "Integration")]
public class SyncWithParallelDataTests(S3rverFixture s3rver)
{
    [Fact]
    public void Sync_with_parallel_data_runs_a_batch_job_and_reports_its_billing()
    {
        using var fake = new FakeTranslateService(s3rver.Store(), "S3RVER", "S3RVER");
        fake.AddParallelData("d2l-en-zh");
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
        {
            var report = Path.Combine(TestData.TempDir(), "r");
            var r = CliRunner.Run(
                "sync",
                "--source",
                en,
                "--target",
                zh,
                "--lang",
                "zh",
                "--from",
                "7bc7201^",
                "--to",
                "7bc7201",
                "--engine",
                "aws",
                "--parallel-data",
                "d2l-en-zh",
                "--bucket",
                S3rverFixture.Bucket,
                "--role-arn",
                "arn:aws:iam::123456789012:role/amts",
                "--poll-seconds",
                "0.01",
                "--report",
                report
            );
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains(fake.Calls, c => c.Operation == "StartTextTranslationJob");
            Assert.Contains("[zh]", File.ReadAllText(Path.Combine(zh, "chapter_computer-vision/anchor.md")));
            var json = System
                .Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")))
                .RootElement;
            Assert.Equal("batch with parallel data", json.GetProperty("billing").GetProperty("mode").GetString());

            var missing = CliRunner.Run(
                "sync",
                "--source",
                en,
                "--target",
                zh,
                "--lang",
                "zh",
                "--from",
                "7bc7201^",
                "--to",
                "7bc7201",
                "--engine",
                "aws",
                "--parallel-data",
                "x"
            );
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("--parallel-data needs --bucket and --role-arn", missing.Stderr);
        });
    }
}

/// <summary>Publishing parallel data by the documented update semantics, against the fake's imports that can
/// fail.</summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public class ParallelDataUpdateTests(S3rverFixture s3rver)
{
    [Fact]
    public void A_failed_update_says_the_previous_data_stays_and_the_next_publish_succeeds()
    {
        using var fake = new FakeTranslateService(s3rver.Store(), "S3RVER", "S3RVER");
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
        {
            string[] args =
            [
                "parallel-data",
                "publish",
                "--source",
                TestData.EnglishRepo + "@HEAD",
                "--target",
                TestData.ChineseRepo,
                "--target-lang",
                "zh",
                "--name",
                "d2l-upd",
                "--bucket",
                S3rverFixture.Bucket,
                "--prefix",
                "/",
                "--format",
                "tsv",
                "--poll-seconds",
                "0.01",
            ];
            var first = CliRunner.Run(args);
            Assert.True(first.ExitCode == 0, first.Stderr);
            Assert.Contains("created from s3://amts-test/d2l-upd.tsv: ACTIVE", first.Stdout);

            fake.FailNextImport = "Line 12 of the input file is malformed.";
            var failed = CliRunner.Run(args);
            Assert.Equal(1, failed.ExitCode);
            Assert.Contains(
                "the update from s3://amts-test/d2l-upd.tsv FAILED: Line 12 of the input file is malformed.; the "
                    + "previous data",
                failed.Stderr
            );
            Assert.Contains("stays in use (Status ACTIVE)", failed.Stderr);

            // Status stays ACTIVE through an update and after a failed one; the next update is judged by
            // LatestUpdateAttemptStatus.
            var again = CliRunner.Run(args);
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.Contains("updated", again.Stdout);
        });
    }

    [Fact]
    public void A_malformed_file_fails_the_import_with_the_service_message()
    {
        var result = ParallelDataImport.Check("en,zh\n\"unclosed,x\n", "CSV");
        Assert.False(result.Ok);
        Assert.Contains("Line 2", result.Message);
    }
}
