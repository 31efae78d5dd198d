using System.Net;
using System.Text.RegularExpressions;

namespace Amts.Bot.Errors;

/// <summary>
/// What a service's error answer says, cut to its message for an annotation: an API's JSON message as it is, and an
/// HTML error page (GitHub's edge answers a 502 or 504 with its "Unicorn!" page, not JSON) by its title or first
/// heading, never its markup.
/// </summary>
internal static partial class ServiceErrorText
{
    /// <summary>The longest plain-text answer quoted in a message: one line of a log (an annotation shows about
    /// this much before it folds).</summary>
    const int MaxQuoted = 200;

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Title();

    [GeneratedRegex(@"<h1[^>]*>(.*?)</h1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    /// <summary>Whether an answer is an HTML page rather than the API's JSON.</summary>
    public static bool IsHtml(string body) =>
        body.TrimStart().StartsWith('<')
        && (
            body.Contains("<html", StringComparison.OrdinalIgnoreCase)
            || body.Contains("<!doctype", StringComparison.OrdinalIgnoreCase)
        );

    /// <summary>A non-JSON answer as one short line: an HTML page by its title and heading, other text by its first
    /// line, each at most <see cref="MaxQuoted"/> characters.</summary>
    public static string OfNonJson(string body)
    {
        if (IsHtml(body))
        {
            var parts = new[] { Title().Match(body), Heading().Match(body) }
                .Where(m => m.Success)
                .Select(m => Plain(m.Groups[1].Value))
                .Where(t => t.Length > 0)
                .Distinct()
                .ToList();
            return parts.Count == 0
                ? "an HTML error page without a title"
                : "an HTML error page: " + Cut(string.Join(" — ", parts));
        }
        var first = body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(an empty answer)";
        return Cut(first);
    }

    static string Plain(string html) => Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    static string Cut(string s) => s.Length <= MaxQuoted ? s : s[..(MaxQuoted - 1)] + "…";
}
