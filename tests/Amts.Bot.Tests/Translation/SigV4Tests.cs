using System.Globalization;
using System.Text.Json;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Translation;

/// <summary>The official SigV4 test-suite vectors (tests/Data/sigv4-testsuite.json).</summary>
[Trait("Category", "Unit")]
public class SigV4Tests
{
    const string AccessKey = "AKIDEXAMPLE";
    const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    static JsonElement Suite =>
        JsonDocument
            .Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "sigv4-testsuite.json")))
            .RootElement;

    static List<KeyValuePair<string, string>> Headers(JsonElement c) =>
        c.GetProperty("headers")
            .EnumerateObject()
            .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))
            .ToList();

    static DateTime Time(JsonElement suite) =>
        DateTime.Parse(
            suite.GetProperty("time").GetString()!,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal
        );

    public static TheoryData<string> Cases2015() =>
        new(
            Suite
                .GetProperty("suite2015")
                .GetProperty("cases")
                .EnumerateArray()
                .Select(c => c.GetProperty("name").GetString()!)
        );

    public static TheoryData<string> Cases2011() =>
        new(
            Suite
                .GetProperty("suite2011")
                .GetProperty("cases")
                .EnumerateArray()
                .Select(c => c.GetProperty("name").GetString()!)
        );

    [Theory]
    [MemberData(nameof(Cases2015))]
    public void Signs_like_the_2015_test_suite(string name)
    {
        var suite = Suite.GetProperty("suite2015");
        var c = suite.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var token = c.GetProperty("useToken").GetBoolean() ? suite.GetProperty("sessionToken").GetString() : null;
        var added = SigV4.Sign(
            new SignableRequest(
                c.GetProperty("method").GetString()!,
                new Uri(c.GetProperty("url").GetString()!),
                Headers(c),
                []
            ),
            AccessKey,
            SecretKey,
            token,
            "us-east-1",
            suite.GetProperty("service").GetString()!,
            Time(suite)
        );
        var headers = added.ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal("20150830T123600Z", headers["X-Amz-Date"]);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + $"{c.GetProperty("authorization").GetString()}",
            headers["Authorization"]
        );
        if (token != null)
            Assert.Equal(token, headers["X-Amz-Security-Token"]);
        else
            Assert.False(headers.ContainsKey("X-Amz-Security-Token"));
    }

    [Theory]
    [MemberData(nameof(Cases2011))]
    public void Canonicalises_and_signs_like_the_2011_test_suite(string name)
    {
        var suite = Suite.GetProperty("suite2011");
        var c = suite.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var (canonical, signed) = SigV4.CanonicalRequest(
            new SignableRequest(
                c.GetProperty("method").GetString()!,
                new Uri(c.GetProperty("url").GetString()!),
                Headers(c),
                []
            ),
            doubleEncodePath: true
        );
        Assert.Equal(c.GetProperty("creq").GetString(), canonical);
        Assert.Equal(
            c.GetProperty("authorization").GetString(),
            SigV4.Authorization(canonical, signed, AccessKey, SecretKey, "us-east-1", "host", Time(suite))
        );
    }

    /// <summary>The derivation example of the AWS General Reference ("Examples of how to derive a signing key for
    /// Signature Version 4"): secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.</summary>
    [Fact]
    public void Derives_the_signing_key_of_the_documented_example()
    {
        var key = SigV4.SigningKey(SecretKey, new DateTime(2012, 2, 15, 0, 0, 0, DateTimeKind.Utc), "us-east-1", "iam");
        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", SigV4.Hex(key));
    }

    [Fact]
    public void The_signer_uses_no_sdk_internal_type()
    {
        // AWS4Signer is in Amazon.Runtime.Internal.Auth: internal to the SDK, free to change in any release.
        var source = File.ReadAllText(
            Path.Combine(TestData.RepoRoot, "src", "Amts.Bot", "Translation", "Aws", "SigV4.cs")
        );
        Assert.DoesNotContain("Amazon.Runtime.Internal", source);
        Assert.DoesNotContain("AWS4Signer", source);
    }
}
