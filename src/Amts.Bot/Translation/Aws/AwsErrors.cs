using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amts.Bot.Errors;

namespace Amts.Bot.Translation.Aws;

/// <summary>
/// The one place that turns failures of AWS (the Translate JSON API, S3 through AWSSDK, the credential chain and STS,
/// HTTP) into the product's errors: which call failed, and what the user can do about it (credentials, region,
/// bucket, role, quota). Error codes as the services document them.
/// </summary>
internal static class AwsErrors
{
    const string Credentials =
        "check the AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), "
        + "AWS_PROFILE, or the role the workflow assumes (aws-actions/configure-aws-credentials)";
    const string Expired =
        "the temporary credentials expired: assume the role again (re-run the job) or ask for a longer session "
        + "(role-duration-seconds)";

    /// <summary>What to do about a Translate or S3 error code (null when the message says it all).</summary>
    public static string? HintFor(string code, string operation) =>
        code switch
        {
            "UnrecognizedClientException"
            or "InvalidSignatureException"
            or "IncompleteSignatureException"
            or "MissingAuthenticationTokenException"
            or "InvalidAccessKeyId"
            or "SignatureDoesNotMatch"
            or "InvalidClientTokenId"
            or "AuthFailure" => Credentials,
            "ExpiredTokenException" or "ExpiredToken" or "RequestExpired" => Expired,
            "InvalidIdentityToken" or "IDPRejectedClaim" or "IDPCommunicationError" =>
                "STS refused the web identity (GitHub OIDC) token: the role's trust policy must allow "
                    + "token.actions.githubusercontent.com for this repository, and the workflow needs `permissions: "
                    + "id-token: write`",
            "AccessDeniedException" or "AccessDenied" =>
                $"the identity in use may not call {operation}: grant it in IAM (translate:*, "
                    + "s3:GetObject/PutObject/ListBucket/DeleteObject on the bucket, iam:PassRole for the data "
                    + "access role)",
            "ResourceNotFoundException" =>
                "the parallel data, terminology or job does not exist in this region: publish it first (amts "
                    + "parallel-data publish / terminology publish) or check --region",
            "NoSuchBucket" =>
                "the bucket does not exist (or is in another account): create it or fix --bucket / aws.bucket",
            "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException" =>
                "the bucket is in another region: pass that region with --region or AWS_REGION",
            "TooManyRequestsException"
            or "ThrottlingException"
            or "Throttling"
            or "SlowDown"
            or "LimitExceededException"
            or "ServiceQuotaExceededException"
            or "ConcurrentModificationException" =>
                "the account's Amazon Translate quota was hit: wait and run again, or ask AWS for a higher quota "
                    + "(Service Quotas console)",
            "TextSizeLimitExceededException" => "a request was over the documented size limit; report this as a bug",
            "InvalidRequestException"
            or "ValidationException"
            or "InvalidParameterValueException"
            or "UnsupportedLanguagePairException"
            or "DetectedLanguageLowConfidenceException" =>
                "the request was refused as invalid: check the language codes, the role ARN and the names given",
            "ConflictException" =>
                "the resource is busy (being created or updated): wait until it is ACTIVE and run again",
            "ConnectionError" =>
                "the endpoint could not be reached: check the network, the region, and AWS_ENDPOINT_URL* if set",
            "InternalServerException" or "ServiceUnavailableException" or "InternalError" =>
                "the service failed on its side: run again later",
            _ => null,
        };

    /// <summary>Whether an exception is one of the failures this class maps.</summary>
    public static bool IsAws(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    /// <summary>The product error for a failure of <paramref name="call"/> (e.g. "S3 PutObject s3://b/k").</summary>
    public static AmtsException Map(Exception e, string call)
    {
        switch (e)
        {
            case AmtsException amts:
                return amts;
            case AmazonS3Exception s3:
            {
                var code = s3.ErrorCode ?? $"Http{(int)s3.StatusCode}";
                var hint = HintFor(code, call)
                    ?? (s3.StatusCode == HttpStatusCode.Forbidden ? HintFor("AccessDenied", call) : null);
                var kind = code is "NoSuchBucket" or "PermanentRedirect" or "AuthorizationHeaderMalformed"
                    ? ErrorKind.UserInput
                    : ErrorKind.Service;
                return new AmtsException(
                    kind,
                    $"{call} failed: {code} (HTTP {(int)s3.StatusCode}): {s3.Message}",
                    hint,
                    e
                );
            }
            case AmazonServiceException svc
                when call.StartsWith("resolving", StringComparison.Ordinal)
                    && svc.ErrorCode is "AccessDenied" or "AccessDeniedException":
                return new AmtsException(
                    ErrorKind.Service,
                    $"{call} failed: STS AssumeRole refused: {svc.Message}",
                    "the role may not be assumed by this identity: check its trust policy (for GitHub OIDC: the "
                        + "repository and branch in the sub condition)",
                    e
                );
            case AmazonServiceException svc:
            {
                var code = svc.ErrorCode ?? $"Http{(int)svc.StatusCode}";
                return new AmtsException(
                    ErrorKind.Service,
                    $"{call} failed: {code} (HTTP {(int)svc.StatusCode}): {svc.Message}",
                    HintFor(code, call),
                    e
                );
            }
            case AmazonClientException client
                when client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase):
                return new AmtsException(
                    ErrorKind.UserInput,
                    $"{call}: no AWS credentials could be found ({client.Message})",
                    Credentials,
                    e
                );
            case AmazonClientException client:
                return new AmtsException(
                    ErrorKind.Service,
                    $"{call} failed: {client.Message}",
                    HintFor("ConnectionError", call),
                    e
                );
            case HttpRequestException or TimeoutException or TaskCanceledException:
                return new AmtsException(
                    ErrorKind.Service,
                    $"{call} failed: {e.Message}",
                    HintFor("ConnectionError", call),
                    e
                );
            default:
                return AmtsException.Bug($"{call} failed unexpectedly: {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>Runs an AWS call, mapping its failures.</summary>
    public static async Task<T> Call<T>(string call, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (IsAws(e))
        {
            throw Map(e, call);
        }
    }

    public static async Task Call(string call, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (IsAws(e))
        {
            throw Map(e, call);
        }
    }

    /// <summary>A role ARN as IAM writes it: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME.</summary>
    public static bool IsRoleArn(string arn) =>
        System.Text.RegularExpressions.Regex.IsMatch(arn, @"^arn:aws(-[a-z]+)*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$");
}
