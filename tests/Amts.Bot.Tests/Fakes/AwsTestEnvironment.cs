namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// Runs code with the AWS environment a CI job would have, pointed at the fakes: s3rver's credentials (or others, for
/// the failure drills), a region, the endpoint overrides, no profile or config file and no instance metadata. The
/// process environment is shared, so every test that uses this is in the "s3rver" collection (AWSSDK.Core's default
/// chain notices a changed environment and resolves again).
/// </summary>
public static class AwsTestEnvironment
{
    public const string AccessKey = "S3RVER",
        SecretKey = "S3RVER";

    public static void Run(
        Uri translateEndpoint,
        Uri? s3Endpoint,
        Action action,
        IDictionary<string, string?>? overrides = null
    )
    {
        var vars = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_TRANSLATE"] = translateEndpoint.ToString(),
            ["AWS_ENDPOINT_URL_S3"] = s3Endpoint?.ToString(),
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = "/nonexistent",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
            ["AWS_ROLE_ARN"] = null,
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
            vars[k] = v;
        var saved = vars.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (k, v) in vars)
                Environment.SetEnvironmentVariable(k, v);
            action();
        }
        finally
        {
            foreach (var (k, v) in saved)
                Environment.SetEnvironmentVariable(k, v);
        }
    }
}
