using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Translation;

/// <summary>The failure drills of the issue through the command line, configured by environment as in CI: each AWS
/// failure is exit 1 with one message naming the call and the fix, no stack trace, and the translation
/// untouched.</summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public class AwsFailureDrillTests(S3rverFixture s3rver)
{
    static readonly Dictionary<string, string?> NoCredentials = new()
    {
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
    };

    static void AssertMessage(CliResult r, params string[] expected)
    {
        Assert.Equal(1, r.ExitCode);
        foreach (var e in expected)
            Assert.Contains(e, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("S3RVER", r.Stderr.Replace("S3RVER\"", "")); // never the secret
    }

    CliResult Sync(string en, string zh, FakeTranslateService fake, IDictionary<string, string?>? env, bool batch)
    {
        CliResult r = null!;
        AwsTestEnvironment.Run(
            fake.Endpoint,
            s3rver.Endpoint,
            () =>
            {
                string[] args =
                [
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
                    "--poll-seconds",
                    "0.01",
                ];
                if (batch)
                    args =
                    [
                        .. args,
                        "--parallel-data",
                        "d2l-en-zh",
                        "--bucket",
                        S3rverFixture.Bucket,
                        "--role-arn",
                        "arn:aws:iam::123456789012:role/amts",
                    ];
                r = CliRunner.Run(args);
            },
            env
        );
        return r;
    }

    [Fact]
    public void Credentials_failures_in_sync_are_messages_and_nothing_is_written()
    {
        using var fake = new FakeTranslateService(
            s3rver.Store(),
            AwsTestEnvironment.AccessKey,
            AwsTestEnvironment.SecretKey
        );
        fake.AddParallelData("d2l-en-zh");
        var en = TestData.FreshClone("d2l-en");
        var drills = new (IDictionary<string, string?> Env, bool Batch, string[] Expected)[]
        {
            (NoCredentials, false, ["no AWS credentials could be found", "AWS_ACCESS_KEY_ID"]),
            (NoCredentials, true, ["no AWS credentials could be found", "AWS_ACCESS_KEY_ID"]),
            (
                new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = "wrong-secret" },
                false,
                ["TranslateText failed: InvalidSignatureException", "check the AWS credentials"]
            ),
            (
                new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = "wrong-secret" },
                true,
                ["GetParallelData failed: InvalidSignatureException", "check the AWS credentials"]
            ),
            (
                new Dictionary<string, string?> { ["AWS_SESSION_TOKEN"] = "expired-session-token" },
                true,
                ["ExpiredTokenException", "assume the role again"]
            ),
        };
        foreach (var (env, batch, expected) in drills)
        {
            var zh = TestData.FreshClone("d2l-zh");
            AssertMessage(Sync(en, zh, fake, env, batch), expected);
            Assert.Equal("", new GitCli(zh).Run("status", "--porcelain").Trim());
        }
        Assert.DoesNotContain(fake.Calls, c => c.Operation == "StartTextTranslationJob");
    }

    [Fact]
    public void A_wrong_secret_for_s3_alone_is_refused_by_the_signature_check()
    {
        // Translate accepts the secret, S3 (behind the proxy) does not: only the S3 call can fail.
        using var fake = new FakeTranslateService(s3rver.Store(), AwsTestEnvironment.AccessKey, "other-secret");
        fake.AddParallelData("d2l-en-zh");
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var r = Sync(
            en,
            zh,
            fake,
            new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = "other-secret" },
            batch: true
        );
        AssertMessage(r, "S3 ListObjectsV2", "SignatureDoesNotMatch", "check the AWS credentials");
        Assert.Equal("", new GitCli(zh).Run("status", "--porcelain").Trim());
    }

    [Fact]
    public void Both_publish_commands_without_credentials_are_messages()
    {
        using var fake = new FakeTranslateService(
            s3rver.Store(),
            AwsTestEnvironment.AccessKey,
            AwsTestEnvironment.SecretKey
        );
        CliResult terms = null!,
            data = null!;
        AwsTestEnvironment.Run(
            fake.Endpoint,
            s3rver.Endpoint,
            () =>
            {
                terms = CliRunner.Run(
                    "terminology",
                    "publish",
                    "--glossary",
                    Path.Combine(TestData.ChineseRepo, "TERMINOLOGY.md"),
                    "--name",
                    "d2l-terms",
                    "--target-lang",
                    "zh"
                );
                data = CliRunner.Run(
                    "parallel-data",
                    "publish",
                    "--source",
                    TestData.EnglishRepo + "@HEAD",
                    "--target",
                    TestData.ChineseRepo,
                    "--target-lang",
                    "zh",
                    "--name",
                    "d2l-x",
                    "--bucket",
                    S3rverFixture.Bucket,
                    "--poll-seconds",
                    "0.01"
                );
            },
            NoCredentials
        );
        AssertMessage(terms, "ImportTerminology", "no AWS credentials could be found");
        AssertMessage(data, "no AWS credentials could be found");
        Assert.Empty(fake.Calls);
    }
}
