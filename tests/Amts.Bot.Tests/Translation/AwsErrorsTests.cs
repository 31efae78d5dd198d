using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amts.Bot.Errors;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Translation;

/// <summary>The one mapping of AWS failures: each names the call and says what to do.</summary>
[Trait("Category", "Unit")]
public class AwsErrorsTests
{
    [Fact]
    public void S3_sts_credential_and_http_failures_become_messages_with_what_to_do()
    {
        var noBucket = AwsErrors.Map(
            new AmazonS3Exception("The specified bucket does not exist")
            {
                ErrorCode = "NoSuchBucket",
                StatusCode = HttpStatusCode.NotFound,
            },
            "S3 PutObject s3://b/k"
        );
        Assert.Equal(ErrorKind.UserInput, noBucket.Kind);
        Assert.Equal(
            "S3 PutObject s3://b/k failed: NoSuchBucket (HTTP 404): The specified bucket does not exist",
            noBucket.Message
        );
        Assert.Contains("--bucket", noBucket.Hint);

        var denied = AwsErrors.Map(
            new AmazonS3Exception("Access Denied")
            {
                ErrorCode = "AccessDenied",
                StatusCode = HttpStatusCode.Forbidden,
            },
            "S3 GetObject s3://b/k"
        );
        Assert.Contains("grant it in IAM", denied.Hint);

        var oidc = AwsErrors.Map(
            new AmazonServiceException("Incorrect token audience")
            {
                ErrorCode = "InvalidIdentityToken",
                StatusCode = HttpStatusCode.BadRequest,
            },
            "resolving AWS credentials"
        );
        Assert.Contains("id-token: write", oidc.Hint);

        var none = AwsErrors.Map(
            new AmazonClientException(
                "Failed to resolve AWS credentials. The credential providers used to search for credentials returned "
                    + "the following errors: ..."
            ),
            "resolving AWS credentials"
        );
        Assert.Equal(ErrorKind.UserInput, none.Kind);
        Assert.Contains("AWS_ACCESS_KEY_ID", none.Hint);

        var down = AwsErrors.Map(new HttpRequestException("Connection refused"), "S3 ListObjectsV2 s3://b/");
        Assert.Equal(ErrorKind.Service, down.Kind);
        Assert.Contains("AWS_ENDPOINT_URL", down.Hint);

        Assert.Contains("Service Quotas", AwsErrors.HintFor("TooManyRequestsException", "TranslateText"));
        Assert.True(AwsErrors.IsRoleArn("arn:aws:iam::123456789012:role/service-role/amts-translate"));
        Assert.False(AwsErrors.IsRoleArn("arn:aws:iam::123456789012:user/amts"));
    }

    [Fact]
    public void Prefixes_are_normalised()
    {
        Assert.Equal("", S3Prefix.Normalize("/"));
        Assert.Equal("a/b", S3Prefix.Normalize("/a//b/"));
        Assert.Equal("name.tsv", S3Prefix.Key("/", "name.tsv"));
        Assert.Equal("amts/pd/name.tsv", S3Prefix.Key("amts/pd/", "name.tsv"));
    }
}
