namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// Runs code with the AWS environment a CI job would have, pointed at the fakes: s3rver's credentials, a region,
/// the endpoint overrides, and no profile or config file. The process environment is shared and AWSSDK.Core caches
/// what its default chain resolved, so every test that uses this is in the "s3rver" collection and uses these
/// credentials.
/// </summary>
public static class AwsTestEnvironment
{
    public const string AccessKey = "S3RVER", SecretKey = "S3RVER";

    public static void Run(Uri translateEndpoint, Uri? s3Endpoint, Action action)
    {
        var vars = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = AccessKey, ["AWS_SECRET_ACCESS_KEY"] = SecretKey, ["AWS_SESSION_TOKEN"] = null, ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_TRANSLATE"] = translateEndpoint.ToString(), ["AWS_ENDPOINT_URL_S3"] = s3Endpoint?.ToString(),
            ["AWS_PROFILE"] = null, ["AWS_CONFIG_FILE"] = "/nonexistent", ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent",
        };
        var saved = vars.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (k, v) in vars) Environment.SetEnvironmentVariable(k, v);
            action();
        }
        finally
        {
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
        }
    }
}
