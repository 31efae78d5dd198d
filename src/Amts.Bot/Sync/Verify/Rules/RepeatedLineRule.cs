namespace Amts.Bot.Sync;

/// <summary>No line written twice in a row (blank lines between do not count) that the translation did not already
/// repeat and the English does not repeat: the mark of text inserted next to its own copy (tab contents carried
/// without their markers, a block inserted where it already stood).</summary>
internal sealed class RepeatedLineRule : IOutputRule
{
    /// <summary>Lines with fewer letters than this (a closing bracket, <c>$$</c>, a marker) repeat
    /// legitimately.</summary>
    const int MinLetters = 4;

    public string Name => "repeated lines";
    public string Protects => "the text as a reader reads it: no sentence twice in a row";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var (before, english) = (Repeats(file.File.Before), Repeats(file.File.NewEnglish));
        foreach (var (line, n) in Repeats(file.File.After))
            if (n > before.GetValueOrDefault(line) && !english.ContainsKey(line))
            {
                yield return new(Name, 0, $"\"{HumanLineLedger.Excerpt(line)}\" would stand {n + 1} times in a row");
                yield break;
            }
    }

    /// <summary>Each line that is followed by itself (the next non-blank line), with how often.</summary>
    static Dictionary<string, int> Repeats(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var raw in VerifiedText.Lines(text))
        {
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            if (line == previous && line.Count(char.IsLetter) >= MinLetters)
                counts[line] = counts.GetValueOrDefault(line) + 1;
            previous = line;
        }
        return counts;
    }
}
