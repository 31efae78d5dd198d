using Amazon.Runtime;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Translation;

/// <summary>Operating batch jobs as the service behaves (the fake follows the documented states): pre-flight, polls
/// that fail, the deadline and the stop, billed characters from the details file, clean-up, AWS failures as
/// messages.</summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public class BatchOperationsTests(S3rverFixture s3rver) : IDisposable
{
    readonly HttpClient http = new();
    readonly StringWriter log = new();

    public void Dispose() => http.Dispose();

    static string Prefix() => "amts/ops-" + Guid.NewGuid().ToString("N")[..6];

    TranslateClient Client(
        FakeTranslateService fake,
        string secret = FakeTranslateService.SecretKey,
        string? token = null
    ) =>
        new(
            http,
            new AwsEndpoint("us-east-1", fake.Endpoint),
            _ => Task.FromResult(new ImmutableCredentials(FakeTranslateService.AccessKey, secret, token)),
            new StandardRetries(
                BaseDelay: TimeSpan.FromMilliseconds(1),
                ThrottlingBaseDelay: TimeSpan.FromMilliseconds(1)
            )
        );

    (FakeTranslateService Fake, AmazonTranslateBatchEngine Engine) Setup(
        string prefix,
        Func<BatchSettings, BatchSettings>? tune = null,
        S3Store? store = null,
        string? translateSecret = null,
        string? token = null
    )
    {
        var fake = new FakeTranslateService(s3rver.Store());
        fake.AddParallelData("d2l-en-zh");
        fake.AddTerminology("d2l-terms");
        var settings = new BatchSettings(
            new S3Location(S3rverFixture.Bucket, prefix),
            "arn:aws:iam::123456789012:role/amts-translate",
            "d2l-en-zh",
            "d2l-terms",
            PollInterval: TimeSpan.FromMilliseconds(10),
            Deadline: TimeSpan.FromSeconds(30)
        );
        var engine = new AmazonTranslateBatchEngine(
            Client(fake, translateSecret ?? FakeTranslateService.SecretKey, token),
            store ?? s3rver.Store(),
            tune?.Invoke(settings) ?? settings,
            log
        );
        return (fake, engine);
    }

    [Fact]
    public async Task Throttled_status_polls_do_not_end_the_run_and_progress_is_logged()
    {
        var (fake, engine) = Setup(Prefix());
        using (fake)
        {
            fake.ThrottleNext(8, "DescribeTextTranslationJob"); // more than the 3 attempts of one call
            var results = await engine.TranslateAsync(["Hello world.", "Second sentence."], "en", "zh");
            Assert.All(results, r => Assert.StartsWith("[zh]", r.Text));
            var text = log.ToString();
            Assert.Contains("the job runs on, polling again", text);
            Assert.Matches(@"job \w+ COMPLETED after [\d.]+s: 1/1 documents translated", text);
        }
    }

    [Fact]
    public async Task At_the_deadline_the_job_is_stopped_and_nothing_is_applied()
    {
        var (fake, engine) = Setup(Prefix(), s => s with { Deadline = TimeSpan.FromMilliseconds(300) });
        using (fake)
        {
            fake.JobDuration = TimeSpan.FromMinutes(10);
            var e = await Assert.ThrowsAsync<TranslationEngineException>(() =>
                engine.TranslateAsync(["Hello world."], "en", "zh")
            );
            Assert.Contains("not done at the deadline", e.Message);
            Assert.Contains(fake.Calls, c => c.Operation == "StopTextTranslationJob");
            Assert.Contains("stopped job", log.ToString());
        }
    }

    [Fact]
    public async Task Billed_characters_come_from_the_details_file_and_the_run_objects_are_deleted()
    {
        var prefix = Prefix();
        var (fake, engine) = Setup(prefix);
        using (fake)
        {
            string[] segments =
            [
                "We change $\\beta_1$ in Adam from $0.9$ to $0.5$.",
                "The function `net` returns a tensor.",
            ];
            await engine.TranslateAsync(segments, "en", "zh");
            var usage = engine.Usage;
            Assert.Equal(segments.Sum(s => s.Length), usage.PlannedCharacters);
            // text only: no markup, envelopes or protected spans
            Assert.True(usage.BilledCharacters is > 0 and < 100, $"billed {usage.BilledCharacters}");
            Assert.NotEqual(usage.PlannedCharacters, usage.BilledCharacters);
            Assert.Equal("batch with parallel data", usage.Mode);
            Assert.Empty(await s3rver.Store().ListKeysAsync(new S3Location(S3rverFixture.Bucket, prefix + "/")));
        }
    }

    [Fact]
    public async Task A_segment_over_the_limit_stays_english_and_the_rest_goes_on()
    {
        var (fake, engine) = Setup(Prefix());
        using (fake)
        {
            var huge = string.Join(" ", Enumerable.Repeat("A very long sentence goes on.", 400));
            var results = await engine.TranslateAsync(["Short one.", huge], "en", "zh");
            Assert.StartsWith("[zh]", results[0].Text);
            Assert.Null(results[1].Text);
            Assert.Contains("10,000-byte limit", results[1].Miss);
        }
    }

    [Fact]
    public async Task A_damaged_segment_stays_english_and_the_rest_goes_on()
    {
        var (fake, engine) = Setup(Prefix());
        using (fake)
        {
            fake.DamageNextJob = true;
            var results = await engine.TranslateAsync(
                ["The function `net` returns a tensor.", "Plain words here."],
                "en",
                "zh"
            );
            Assert.Null(results[0].Text);
            Assert.Contains("damaged a protected span", results[0].Miss);
            Assert.StartsWith("[zh]", results[1].Text);
        }
    }

    [Fact]
    public async Task On_cancellation_the_job_is_stopped()
    {
        var (fake, engine) = Setup(Prefix());
        using (fake)
        {
            fake.JobDuration = TimeSpan.FromMinutes(10);
            using var cts = new CancellationTokenSource();
            var run = engine.TranslateAsync(["Hello world."], "en", "zh", cts.Token);
            while (fake.JobsStarted == 0 && !run.IsCompleted)
                await Task.Delay(10);
            cts.Cancel(); // while the job runs
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Contains(fake.Calls, c => c.Operation == "StopTextTranslationJob");
        }
    }

    [Fact]
    public void Retries_back_off_as_the_sdk_standard_mode()
    {
        var retry = new StandardRetries();
        Assert.Equal(3, retry.MaxAttempts);
        for (int i = 0; i < 200; i++)
        {
            Assert.InRange(retry.Delay(0).TotalMilliseconds, 0, 100);
            Assert.InRange(retry.Delay(0, throttled: true).TotalMilliseconds, 0, 500);
            Assert.InRange(retry.Delay(10, throttled: true).TotalMilliseconds, 0, 20_000);
        }
        Assert.Contains(Enumerable.Range(0, 200).Select(_ => retry.Delay(10, throttled: true).TotalMilliseconds), d =>
            d > 1_000
        );
    }

    [Fact]
    public async Task Preflight_finds_unknown_parallel_data_terminology_and_bad_role_before_uploading()
    {
        var prefix = Prefix();
        var cases = new (Func<BatchSettings, BatchSettings> Tune, string Expected)[]
        {
            (s => s with { ParallelDataName = "no-such-data" }, "parallel data 'no-such-data' does not exist"),
            (s => s with { TerminologyName = "no-such-terms" }, "terminology 'no-such-terms' does not exist"),
            (s => s with { DataAccessRoleArn = "amts-translate" }, "is not an IAM role ARN"),
            (
                s => s with { Workspace = new S3Location("no-such-bucket", "x") },
                "S3 ListObjectsV2 s3://no-such-bucket/x (pre-flight) failed: NoSuchBucket"
            ),
        };
        foreach (var (tune, expected) in cases)
        {
            var (fake, engine) = Setup(prefix, tune);
            using (fake)
            {
                var e = await Assert.ThrowsAnyAsync<AmtsException>(() => engine.TranslateAsync(["Hello."], "en", "zh"));
                Assert.Contains(expected, e.Message);
                Assert.NotNull(e.Hint);
                Assert.DoesNotContain(fake.Calls, c => c.Operation == "StartTextTranslationJob");
            }
        }
        Assert.Empty(await s3rver.Store().ListKeysAsync(new S3Location(S3rverFixture.Bucket, prefix + "/")));
    }

    [Fact]
    public async Task Parallel_data_outside_the_regions_of_active_custom_translation_is_refused_by_the_preflight()
    {
        using var fake = new FakeTranslateService(s3rver.Store());
        fake.AddParallelData("d2l-en-zh");
        var client = new TranslateClient(http, new AwsEndpoint("eu-central-1", fake.Endpoint), _ =>
            Task.FromResult(
                new ImmutableCredentials(FakeTranslateService.AccessKey, FakeTranslateService.SecretKey, null)
            )
        );
        var engine = new AmazonTranslateBatchEngine(
            client,
            s3rver.Store(),
            new BatchSettings(
                new S3Location(S3rverFixture.Bucket, Prefix()),
                "arn:aws:iam::123456789012:role/amts-translate",
                "d2l-en-zh",
                PollInterval: TimeSpan.FromMilliseconds(10)
            ),
            log
        );
        var e = await Assert.ThrowsAnyAsync<AmtsException>(() => engine.TranslateAsync(["Hello."], "en", "zh"));
        Assert.Contains("region eu-central-1", e.Message);
        Assert.Contains("us-east-1, us-west-2, eu-west-1", e.Message);
        Assert.Equal(ErrorKind.UserInput, e.Kind);
        Assert.DoesNotContain(fake.Calls, c => c.Operation == "StartTextTranslationJob");
    }

    [Fact]
    public async Task A_parallel_data_resource_that_is_not_active_is_refused()
    {
        var (fake, engine) = Setup(Prefix());
        using (fake)
        {
            fake.AddParallelData("d2l-en-zh", "CREATING");
            var e = await Assert.ThrowsAnyAsync<AmtsException>(() => engine.TranslateAsync(["Hello."], "en", "zh"));
            Assert.Contains("is CREATING; a job can use it only when ACTIVE", e.Message);
            Assert.Equal(ErrorKind.UserInput, e.Kind);
        }
    }

    [Fact]
    public async Task A_wrong_s3_secret_and_an_expired_token_are_messages_naming_the_call_and_the_fix()
    {
        var wrongSecret = s3rver.Store(new BasicAWSCredentials("S3RVER", "not-the-secret"));
        var (fake, engine) = Setup(Prefix(), store: wrongSecret);
        using (fake)
        {
            var e = await Assert.ThrowsAnyAsync<AmtsException>(() => engine.TranslateAsync(["Hello."], "en", "zh"));
            Assert.Contains("SignatureDoesNotMatch", e.Message);
            Assert.Contains("S3 ListObjectsV2", e.Message);
            Assert.Contains("AWS_SECRET_ACCESS_KEY", e.Hint);
        }
        Assert.Contains(s3rver.Proxy.Refused, r => r.EndsWith("SignatureDoesNotMatch"));

        var (fake2, engine2) = Setup(Prefix(), token: "expired-session-token");
        using (fake2)
        {
            var e = await Assert.ThrowsAnyAsync<AmtsException>(() => engine2.TranslateAsync(["Hello."], "en", "zh"));
            Assert.Contains("ExpiredTokenException", e.Message);
            Assert.Contains("GetParallelData", e.Message);
            Assert.Contains("assume the role again", e.Hint);
        }
    }

    [Fact]
    public async Task S3_requests_pass_the_signature_check()
    {
        var before = s3rver.Proxy.Verified;
        var store = s3rver.Store();
        var at = new S3Location(S3rverFixture.Bucket, Prefix() + "/a b/ünï.txt");
        await store.PutTextAsync(at, "hello", "text/plain");
        Assert.Equal("hello", await store.GetTextAsync(at));
        Assert.Equal(1, await store.DeletePrefixAsync(at));
        Assert.True(s3rver.Proxy.Verified >= before + 4);
    }
}

/// <summary>A whole sync through the CLI in batch mode.</summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public class BatchSyncTests(S3rverFixture s3rver)
{
    [Fact]
    public void A_real_range_of_more_than_31_files_starts_exactly_one_job()
    {
        using var fake = new FakeTranslateService(s3rver.Store(), "S3RVER", "S3RVER");
        fake.AddParallelData("d2l-en-zh");
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(en);
        var first = git.Run("rev-list", "--max-parents=0", "HEAD").Trim();
        var changed = git.Run("diff", "--name-only", first, "HEAD", "--", "*.md")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Length;
        Assert.True(changed >= 31, $"{changed} files");
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
                first,
                "--to",
                "HEAD",
                "--engine",
                "aws",
                "--parallel-data",
                "d2l-en-zh",
                "--bucket",
                S3rverFixture.Bucket,
                "--prefix",
                "/amts/jobs/",
                "--role-arn",
                "arn:aws:iam::123456789012:role/amts",
                "--poll-seconds",
                "0.01",
                "--report",
                report
            );
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(1, fake.Calls.Count(c => c.Operation == "StartTextTranslationJob"));
            Assert.Equal(1, fake.JobsStarted);
            Assert.Contains("translation plan:", r.Stderr);
            Assert.StartsWith(
                "s3://amts-test/amts/jobs/",
                fake.Calls.Single(c => c.Operation == "StartTextTranslationJob")
                    .Body.GetProperty("InputDataConfig")
                    .GetProperty("S3Uri")
                    .GetString()
            );
            var billing = System
                .Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")))
                .RootElement.GetProperty("billing");
            Assert.Equal(1, billing.GetProperty("jobs").GetInt32());
            Assert.True(billing.GetProperty("plannedCharacters").GetInt64() > 0);
            Assert.True(billing.GetProperty("characters").GetInt64() > 0);
        });
    }

    [Fact]
    public void A_wrong_bucket_is_exit_1_with_a_message_and_the_translation_untouched()
    {
        using var fake = new FakeTranslateService(s3rver.Store(), "S3RVER", "S3RVER");
        fake.AddParallelData("d2l-en-zh");
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
        {
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
                "no-such-bucket",
                "--role-arn",
                "arn:aws:iam::123456789012:role/amts",
                "--poll-seconds",
                "0.01"
            );
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("NoSuchBucket", r.Stderr);
            Assert.Contains("fix --bucket", r.Stderr);
            Assert.DoesNotContain("   at ", r.Stderr);
            Assert.Equal("", new GitCli(zh).Run("status", "--porcelain").Trim());
        });
    }

    [Fact]
    public void A_comma_separated_terminology_is_a_usage_error()
    {
        var r = CliRunner.Run(
            "sync",
            "--source",
            ".",
            "--target",
            ".",
            "--lang",
            "zh",
            "--engine",
            "aws",
            "--terminology",
            "a,b"
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("one terminology name", r.Stderr);
    }

    [Fact]
    public void A_20_MB_file_is_stopped_by_the_cap_before_any_call()
    {
        using var fake = new FakeTranslateService(
            accessKey: AwsTestEnvironment.AccessKey,
            secretKey: AwsTestEnvironment.SecretKey
        );
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(en);
        var text = new System.Text.StringBuilder("# Huge\n\n");
        for (int i = 0; text.Length < 20_000_000; i++)
            text.Append(
                    $"Sentence number {i} of a pushed file that is far too large says something about gradient "
                        + "descent. "
                )
                .Append(i % 8 == 7 ? "\n\n" : "");
        Directory.CreateDirectory(Path.Combine(en, "chapter_huge"));
        File.WriteAllText(Path.Combine(en, "chapter_huge", "huge.md"), text.ToString());
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "t";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "t@example.com";
        git.Run("add", "-A");
        git.Run("commit", "-q", "-m", "huge");
        AwsTestEnvironment.Run(fake.Endpoint, null, () =>
        {
            var r = CliRunner.Run(
                "sync",
                "--source",
                en,
                "--target",
                zh,
                "--lang",
                "zh",
                "--from",
                "HEAD^",
                "--to",
                "HEAD",
                "--engine",
                "aws"
            );
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("over the cap of 2,000,000 per run; nothing was sent", r.Stderr);
            Assert.Contains("chapter_huge/huge.md", r.Stderr);
            Assert.Empty(fake.Calls);
            Assert.Equal("", new GitCli(zh).Run("status", "--porcelain").Trim());
        });
    }
}
