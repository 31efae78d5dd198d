using Amazon.S3.Model;
using S3Location = Amts.Bot.Translation.Aws.S3Location;

namespace Amts.Bot.Tests.Fakes;

/// <summary>s3rver pages ListObjectsV2 as S3 does (a truncated page and its continuation token), so that a pre-flight
/// listing of at most one key works under a prefix that holds several (the batch jobs' files stay between
/// runs).</summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public class S3rverPagingTests(S3rverFixture s3rver)
{
    [Fact]
    public async Task A_listing_of_one_key_under_a_prefix_with_more_is_truncated_and_pages_on()
    {
        var store = s3rver.Store();
        var prefix = "paging-" + Guid.NewGuid().ToString("N")[..6];
        foreach (var name in new[] { "a.txt", "b/c.txt", "b/d.txt" })
            await store.PutTextAsync(new S3Location(S3rverFixture.Bucket, $"{prefix}/{name}"), name, "text/plain");
        await store.CheckReachableAsync(new S3Location(S3rverFixture.Bucket, prefix)); // MaxKeys 1 of 3: truncated
        using var client = new Amazon.S3.AmazonS3Client(
            S3rverFixture.Credentials,
            new Amazon.S3.AmazonS3Config
            {
                ServiceURL = s3rver.Endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
            }
        );
        var first = await client.ListObjectsV2Async(
            new ListObjectsV2Request
            {
                BucketName = S3rverFixture.Bucket,
                Prefix = prefix,
                MaxKeys = 1,
            }
        );
        Assert.True(first.IsTruncated);
        Assert.NotNull(first.NextContinuationToken);
        Assert.Equal(3, (await store.ListKeysAsync(new S3Location(S3rverFixture.Bucket, prefix))).Count);
    }
}
