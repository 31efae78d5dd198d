using System.Text.RegularExpressions;

namespace Amts.Bot.Translation;

/// <summary>
/// Many segments in one engine call: each is preceded by an empty tag carrying its number, which HTML-aware
/// engines pass through untouched (Apertium's superblanks, Amazon Translate's text/html), so the output splits back
/// into segments reliably whatever the engine does to whitespace between them.
/// </summary>
internal static partial class SegmentEnvelope
{
    [GeneratedRegex(@"<hr data-amts-seg=""(\d+)""\s*/?>(?:</hr>)?")]
    private static partial Regex Separator();

    public static string Wrap(int id, string html) => $"<hr data-amts-seg=\"{id}\">{html}\n";

    /// <summary>Segment number → its translated HTML (trimmed); a number seen twice keeps its first text.</summary>
    public static Dictionary<int, string> Split(string translated)
    {
        var parts = new Dictionary<int, string>();
        var matches = Separator().Matches(translated);
        for (int k = 0; k < matches.Count; k++)
        {
            int start = matches[k].Index + matches[k].Length;
            int end = k + 1 < matches.Count ? matches[k + 1].Index : translated.Length;
            parts.TryAdd(int.Parse(matches[k].Groups[1].Value), translated[start..end].Trim());
        }
        return parts;
    }
}
