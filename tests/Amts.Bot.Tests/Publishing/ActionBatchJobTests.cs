using Amazon.Runtime;
using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// A batch job slower than the run (issue 21), through the action against the Translate fake, s3rver and the git
/// server: the job is started once, recorded on the sync branch, the language ends pending with the pull request
/// saying so, and a later run applies it; the English moving on, a failed job, a killed run and two runs at once.
/// </summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public sealed class ActionBatchJobTests(S3rverFixture s3rver) : IDisposable
{
    const string Path = "chapter_introduction/index.md";
    const string OldSentence =
        "Each time a customer clicks to add an item to their shopping cart,\nwe add an entry to the shopping cart "
        + "database table,\nassociating that user's ID with the requested product's ID.";
    const string NewSentence =
        "Whenever a shopper puts a product in the cart, the application records which user asked for which product.";
    const string Added = "A new paragraph explains the shopping cart once more.";
    const string AddedLater = "Another paragraph arrives with a later English push.";
    const string Config =
        "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    engine: aws\n    aws:\n      region: us-east-1\n"
        + "      bucket: amts-test\n      role_arn: arn:aws:iam::123456789012:role/amts-translate\n      "
        + "parallel_data: d2l-en-zh\n"
        + "      wait_minutes: 0.003\n";

    readonly ActionHarness h = new();
    readonly FakeTranslateService fake = NewFake(s3rver);
    readonly HttpClient http = new();
    readonly string prefix = "amts/durable-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The English before the first change (set by <see cref="FirstChange"/>).</summary>
    string before = "";

    string Head() => new GitCli(h.English).Run("rev-parse", "HEAD").Trim();

    static FakeTranslateService NewFake(S3rverFixture s3rver)
    {
        var fake = new FakeTranslateService(s3rver.Store());
        fake.AddParallelData("d2l-en-zh");
        return fake;
    }

    public void Dispose()
    {
        fake.Dispose();
        http.Dispose();
        h.Dispose();
    }

    TranslateClient Client() =>
        new(
            http,
            new AwsEndpoint("us-east-1", fake.Endpoint),
            _ =>
                Task.FromResult(
                    new ImmutableCredentials(FakeTranslateService.AccessKey, FakeTranslateService.SecretKey, null)
                ),
            new StandardRetries(
                BaseDelay: TimeSpan.FromMilliseconds(1),
                ThrottlingBaseDelay: TimeSpan.FromMilliseconds(1)
            )
        );

    /// <summary>A new engine per run, as the action makes one per language; the quality table uses real time
    /// calls.</summary>
    ITranslationEngine Engine(LanguageConfig _) =>
        new AmazonTranslateBatchEngine(
            Client(),
            s3rver.Store(),
            new BatchSettings(
                new S3Location(S3rverFixture.Bucket, prefix),
                "arn:aws:iam::123456789012:role/amts-translate",
                "d2l-en-zh",
                PollInterval: TimeSpan.FromMilliseconds(10),
                Deadline: TimeSpan.FromSeconds(30)
            )
        );

    IReadOnlyList<(string, ITranslationEngine)> Quality(LanguageConfig _) =>
        [("real time", new AmazonTranslateEngine(Client(), null))];

    LanguageOutcome Run(string after) =>
        Assert.Single(h.Push(before, after, Config, engines: Engine, quality: Quality));

    string FirstChange()
    {
        before = Head();
        var english = File.ReadAllText(System.IO.Path.Combine(h.English, Path));
        Assert.Contains(OldSentence, english);
        var changed = english
            .Replace(":label:`chap_introduction`\n\n", ":label:`chap_introduction`\n\n" + Added + "\n\n")
            .Replace(OldSentence, NewSentence);
        return h.EnglishCommit(Path, changed, "Reword a sentence, add a paragraph");
    }

    string SecondChange()
    {
        var english = File.ReadAllText(System.IO.Path.Combine(h.English, Path));
        return h.EnglishCommit(
            Path,
            english.Replace(Added + "\n\n", Added + "\n\n" + AddedLater + "\n\n"),
            "Add another paragraph"
        );
    }

    int Starts => fake.Calls.Count(c => c.Operation == "StartTextTranslationJob");
    string? Record =>
        h.Remote.TryRun(out var json, "show", $"amts/sync-zh:{BatchJobRecord.RelativePath}") == 0 ? json : null;
    string Translation => h.Remote.Run("show", $"amts/sync-zh:{Path}");

    [Fact]
    public void A_job_slower_than_the_wait_ends_pending_changes_nothing_while_it_runs_and_is_applied_by_a_later_run()
    {
        var after = FirstChange();
        fake.InProgressPolls = 10_000; // far longer than the wait of each run
        var first = Run(after);
        Assert.True(first.Operation == ActionOperation.Pending, first.Message + "\n" + h.Host);
        Assert.Equal(1, Starts);
        var name = Assert.Single(fake.JobNames);
        var pull = Assert.Single(h.GitHub.Pulls);
        Assert.Contains($"machine translation in progress: job {name} started at ", pull.Body);
        Assert.Contains("characters", pull.Body);
        Assert.Contains($"`{Path}`", pull.Body); // what will be filled in
        Assert.Contains("(machine translation in progress)", pull.Title);
        Assert.Contains($"\"jobName\": \"{name}\"", Record);
        Assert.Contains($"\"to\": \"{after}\"", Record);
        Assert.DoesNotContain("[zh]", Translation); // nothing applied

        var tip = h.RemoteSha("amts/sync-zh");
        var body = pull.Body;
        var second = Run(after);
        Assert.True(second.Operation == ActionOperation.Pending, second.Message);
        Assert.Contains("still IN_PROGRESS: nothing changed, nothing started", second.Message);
        Assert.Equal(1, Starts);
        Assert.Equal(tip, h.RemoteSha("amts/sync-zh"));
        Assert.Equal(body, h.GitHub.Pulls[0].Body);

        fake.InProgressPolls = 0; // the job is done by the next look
        var third = Run(after);
        Assert.True(third.Operation == ActionOperation.Updated, third.Message + "\n" + h.Host);
        Assert.Equal(1, Starts);
        Assert.Contains("[zh]" + Added, Translation);
        Assert.Contains("[zh]Whenever a shopper", Translation);
        Assert.Null(Record); // applied: the record is gone from the branch
        Assert.DoesNotContain("machine translation in progress", h.GitHub.Pulls[0].Body);
        Assert.DoesNotContain("machine translation in progress", h.GitHub.Pulls[0].Title);
        Assert.Matches(@"Cost: [\d,]+ characters billed by the engine \(charactersTranslated", h.GitHub.Pulls[0].Body);
    }

    [Fact]
    public async Task When_the_english_moves_on_the_finished_output_is_used_and_one_more_job_takes_the_new_segments()
    {
        var after = FirstChange();
        fake.InProgressPolls = 10_000;
        Assert.Equal(ActionOperation.Pending, Run(after).Operation);
        var later = SecondChange();
        var second = Run(later); // the job still runs: nothing is started for the new paragraph yet
        Assert.True(second.Operation == ActionOperation.Pending, second.Message);
        Assert.Equal(1, Starts);

        fake.InProgressPolls = 0;
        var third = Run(later);
        Assert.True(third.Operation == ActionOperation.Updated, third.Message + "\n" + h.Host);
        Assert.Equal(2, Starts);
        var names = fake.JobNames;
        var input = string.Concat(await fake.InputOfAsync(names[1]));
        Assert.Contains(AddedLater, input);
        Assert.DoesNotContain(Added, input);
        Assert.DoesNotContain("Whenever a shopper", input);
        Assert.Contains("[zh]" + Added, Translation);
        Assert.Contains("[zh]" + AddedLater, Translation);
        Assert.Contains("[zh]Whenever a shopper", Translation);
        Assert.Null(Record);
    }

    [Fact]
    public void A_failed_job_is_reported_and_replaced_once()
    {
        var after = FirstChange();
        fake.InProgressPolls = 10_000;
        fake.FailNextJob = true;
        Assert.Equal(ActionOperation.Pending, Run(after).Operation);
        fake.InProgressPolls = 0; // the job ends FAILED at the next look; its replacement succeeds
        var second = Run(after);
        Assert.True(second.Operation == ActionOperation.Updated, second.Message + "\n" + h.Host);
        Assert.Equal(2, Starts);
        Assert.EndsWith("-r1", fake.JobNames[1]);
        Assert.Contains("ended FAILED: Failed to read the input documents.", h.GitHub.Pulls[0].Body);
        Assert.Contains("[zh]" + Added, Translation);
    }

    [Fact]
    public void A_replacement_that_fails_too_is_not_replaced_again()
    {
        var after = FirstChange();
        fake.InProgressPolls = 10_000;
        fake.FailNextJob = true;
        Assert.Equal(ActionOperation.Pending, Run(after).Operation);
        var translation = Translation;
        fake.FailNextJob = true; // the replacement fails as well, within the wait
        fake.InProgressPolls = 0;
        var second = Run(after);
        Assert.Equal(ActionOperation.Failed, second.Operation);
        Assert.Contains("ended FAILED", second.Message);
        var third = Run(after);
        Assert.Equal(ActionOperation.Failed, third.Operation);
        Assert.Contains("no further job is started and nothing was applied", third.Message);
        Assert.Equal(2, Starts);
        Assert.Equal(translation, Translation); // the translation untouched
    }

    [Fact]
    public void A_run_killed_after_the_start_leaves_a_job_the_next_run_finds_by_its_name()
    {
        var after = FirstChange();
        fake.InProgressPolls = 10_000;
        DurableBatchJob.AfterStartForTests = _ => throw new IOException("the runner was killed");
        LanguageOutcome killed;
        try
        {
            killed = Run(after);
        }
        finally
        {
            DurableBatchJob.AfterStartForTests = null;
        }
        Assert.Equal(ActionOperation.Failed, killed.Operation);
        Assert.Equal(1, Starts);
        Assert.Empty(h.GitHub.Pulls);

        var next = Run(after); // the job is found by its name, still running: recorded, the pull request says so
        Assert.True(next.Operation == ActionOperation.Pending, next.Message + "\n" + h.Host);
        Assert.Equal(1, Starts);
        var list = fake.Calls.Where(c => c.Operation == "ListTextTranslationJobs").Select(c => c.Body).ToList();
        Assert.Contains(list, b => b.GetProperty("Filter").GetProperty("JobName").GetString() == fake.JobNames[0]);
        Assert.Contains("machine translation in progress: job " + fake.JobNames[0], Assert.Single(h.GitHub.Pulls).Body);
        Assert.Contains("\"jobId\": \"", Record);

        fake.InProgressPolls = 0;
        var last = Run(after);
        Assert.True(last.Operation == ActionOperation.Updated, last.Message + "\n" + h.Host);
        Assert.Equal(1, Starts);
        Assert.Contains("[zh]" + Added, Translation);
    }

    LanguageOutcome Scheduled(string after) =>
        Assert.Single(
            new ActionRunner(h.Client(), new RecordingHost(), Engine, Quality)
                .RunAsync(
                    new ActionContext
                    {
                        EnglishRepo = h.English,
                        PushedCommit = after,
                        Config = ActionConfigReader.Parse(Config, "amts.yml").Config!,
                        Token = FakeGitHub.Token,
                        WorkRoot = TestData.TempDir(),
                        OnlyPendingJobs = true,
                    }
                )
                .GetAwaiter()
                .GetResult()
        );

    [Fact]
    public void A_scheduled_run_only_picks_up_pending_jobs()
    {
        var after = FirstChange();
        var idle = Scheduled(after); // nothing pending: nothing synced, no job
        Assert.Equal(ActionOperation.None, idle.Operation);
        Assert.Contains("no batch job pending", idle.Message);
        Assert.Equal(0, Starts);
        Assert.Empty(h.GitHub.Pulls);
        Assert.NotEqual(0, h.Remote.TryRun(out _, "rev-parse", "--verify", "amts/sync-zh"));

        fake.InProgressPolls = 10_000;
        Assert.Equal(ActionOperation.Pending, Run(after).Operation);
        fake.InProgressPolls = 0;
        var picked = Scheduled(after);
        Assert.True(picked.Operation == ActionOperation.Updated, picked.Message);
        Assert.Equal(1, Starts);
        Assert.Contains("[zh]" + Added, Translation);
        Assert.Equal(ActionOperation.None, Scheduled(after).Operation); // applied: nothing pending any more
    }

    [Fact]
    public async Task Two_runs_at_the_same_moment_start_one_job()
    {
        var after = FirstChange();
        fake.InProgressPolls = 10_000;
        var parsed = ActionConfigReader.Parse(Config, "amts.yml").Config!;
        Task<IReadOnlyList<LanguageOutcome>> Start() =>
            Task.Run(() =>
                new ActionRunner(h.Client(), new RecordingHost(), Engine, Quality).RunAsync(
                    new ActionContext
                    {
                        EnglishRepo = h.English,
                        PushedCommit = after,
                        PushBefore = before,
                        Config = parsed,
                        Token = FakeGitHub.Token,
                        WorkRoot = TestData.TempDir(),
                    }
                )
            );
        var outcomes = await Task.WhenAll(Start(), Start());
        Assert.All(outcomes, o => Assert.Equal(ActionOperation.Pending, Assert.Single(o).Operation));
        Assert.Equal(1, Starts);
        Assert.Single(fake.JobNames);
        Assert.Contains($"\"jobName\": \"{fake.JobNames[0]}\"", Record);
    }
}
