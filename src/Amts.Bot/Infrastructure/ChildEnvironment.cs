using System.Diagnostics;

namespace Amts.Bot.Infrastructure;

/// <summary>
/// The environment of the processes the bot starts (git, Apertium). A container action is given its inputs as
/// <c>INPUT_*</c> variables, the token among them (<c>INPUT_GITHUB_TOKEN</c>), and a runner may carry other
/// credentials; no child needs them: git's network commands get the token through <c>http.extraheader</c>
/// (<see cref="GitCli.Credentials"/>), nothing else needs a credential at all. So every child starts without them.
/// </summary>
internal static class ChildEnvironment
{
    /// <summary>The action's inputs (GitHub's convention for container actions: <c>INPUT_</c> and the input's
    /// name).</summary>
    const string InputPrefix = "INPUT_";

    /// <summary>Credentials a runner or a workflow commonly puts in the environment (GitHub's and AWS's documented
    /// names); the AWS ones are read by the bot itself (AWSSDK's chain), never by a child.</summary>
    static readonly string[] Secrets =
    [
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "ACTIONS_RUNTIME_TOKEN",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ];

    /// <summary>Removes the inputs and the credentials from a child's environment (before its own variables are
    /// set).</summary>
    public static void Clean(ProcessStartInfo psi)
    {
        foreach (
            var name in psi
                .Environment.Keys.Where(k => k.StartsWith(InputPrefix, StringComparison.OrdinalIgnoreCase))
                .ToList()
        )
            psi.Environment.Remove(name);
        foreach (var name in Secrets)
            psi.Environment.Remove(name);
    }
}
