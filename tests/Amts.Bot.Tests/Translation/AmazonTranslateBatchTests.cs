using Amazon.Runtime;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Translation;

[Collection("s3rver")]
[Trait("Category", "Integration")]
public class AmazonTranslateBatchTests(S3rverFixture s3rver) : IDisposable
{
    readonly HttpClient http = new();

    public void Dispose() => http.Dispose();

    (FakeTranslateService Fake, AmazonTranslateBatchEngine Engine, S3Store Store) Setup(string prefix)
    {
        var store = s3rver.Store();
        var fake = new FakeTranslateService(store);
        fake.AddParallelData("d2l-en-zh-sentences");
        fake.AddTerminology("d2l-terms");
        var client = new TranslateClient(
            http,
            new AwsEndpoint("us-east-1", fake.Endpoint),
            _ =>
                Task.FromResult(
                    new ImmutableCredentials(FakeTranslateService.AccessKey, FakeTranslateService.SecretKey, null)
                ),
            new StandardRetries(BaseDelay: TimeSpan.FromMilliseconds(1))
        );
        var engine = new AmazonTranslateBatchEngine(
            client,
            store,
            new BatchSettings(
                new S3Location(S3rverFixture.Bucket, prefix),
                "arn:aws:iam::123456789012:role/amts-translate",
                "d2l-en-zh-sentences",
                "d2l-terms",
                PollInterval: TimeSpan.FromMilliseconds(10),
                Deadline: TimeSpan.FromSeconds(30),
                KeepJobFiles: true
            )
        );
        return (fake, engine, store);
    }

    [Fact]
    public async Task A_batch_job_with_parallel_data_translates_every_segment_through_s3()
    {
        var (fake, engine, store) = Setup("amts/jobs-" + Guid.NewGuid().ToString("N")[..6]);
        using (fake)
        {
            string[] segments =
            [
                "We change $\\beta_1$ in Adam (:numref:`sec_adam`) from $0.9$ to $0.5$.",
                "The function `net` returns a tensor & more.",
            ];
            var results = await engine.TranslateAsync(segments, "en", "zh");
            Assert.StartsWith("[zh]We change $\\beta_1$", results[0].Text);
            Assert.Contains(":numref:`sec_adam`", results[0].Text);
            Assert.Contains("`net`", results[1].Text);
            Assert.Contains("& more.", results[1].Text);
            var start = fake.Calls.Single(c => c.Operation == "StartTextTranslationJob").Body;
            Assert.Equal("d2l-en-zh-sentences", start.GetProperty("ParallelDataNames")[0].GetString());
            Assert.Equal("text/html", start.GetProperty("InputDataConfig").GetProperty("ContentType").GetString());
            Assert.Matches(
                @"^s3://amts-test/amts/jobs-\w+/\w+/input/job0/$",
                start.GetProperty("InputDataConfig").GetProperty("S3Uri").GetString()!
            );
            Assert.True(start.GetProperty("ClientToken").GetString()!.Length >= 16);
            // SUBMITTED, IN_PROGRESS, COMPLETED
            Assert.True(fake.Calls.Count(c => c.Operation == "DescribeTextTranslationJob") >= 3);
            var output = S3Location.Parse(start.GetProperty("OutputDataConfig").GetProperty("S3Uri").GetString()!);
            var keys = await store.ListKeysAsync(output);
            Assert.Contains(keys, k =>
                k.Contains($"{FakeTranslateService.Account}-TranslateText-{engine.LastJobId}/zh.doc-0.html")
            );
            Assert.Contains(keys, k => k.EndsWith("details/zh.auxiliary-translation-details.json"));
            Assert.True(engine.BilledCharacters > 0);
            Assert.Equal(1, engine.JobsStarted);
        }
    }

    [Fact]
    public async Task A_failed_job_is_a_clear_error_and_nothing_is_applied()
    {
        var (fake, engine, _) = Setup("amts/failing");
        using (fake)
        {
            fake.FailNextJob = true;
            var e = await Assert.ThrowsAsync<TranslationEngineException>(() =>
                engine.TranslateAsync(["Hello."], "en", "zh")
            );
            Assert.Contains("ended FAILED: Failed to read the input documents.; nothing was applied", e.Message);
        }
    }
}
