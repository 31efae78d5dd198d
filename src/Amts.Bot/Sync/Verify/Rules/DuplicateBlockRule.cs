using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>No code cell or display equation present more often in the written translation than in the translation
/// before and in the English: the mark of an English insertion carried into a translation that already had it (a
/// translation made from later English than its <c>_origin.md</c>).</summary>
internal sealed class DuplicateBlockRule : IOutputRule
{
    public string Name => "duplicate blocks";
    public string Protects => "code cells and display math: each as often as the English has it";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var (before, english) = (Keys(file.Before), Keys(file.NewEnglish));
        foreach (var (key, (n, line)) in Keys(file.After))
            if (n > 1 && n > before.GetValueOrDefault(key).Count && n > english.GetValueOrDefault(key).Count)
            {
                yield return new(
                    Name,
                    0,
                    $"the block starting \"{HumanLineLedger.Excerpt(line)}\" would be written {n} times "
                        + $"(the English has it {english.GetValueOrDefault(key).Count} time(s), the translation had "
                        + $"it {before.GetValueOrDefault(key).Count})"
                );
                yield break;
            }
    }

    /// <summary>Code cells by framework and code lines (comments and docstrings aside: the translation translates
    /// them) and display math by its text (slide markers around it aside), with their count and first line.</summary>
    static Dictionary<string, (int Count, string Line)> Keys(MarkdownDocument doc)
    {
        var keys = new Dictionary<string, (int Count, string Line)>(StringComparer.Ordinal);
        foreach (var b in doc.Blocks)
        {
            var first = VerifiedText
                .Lines(b.Text)
                .Skip(b.Kind == BlockKind.Code ? 1 : 0)
                .FirstOrDefault(l => l.Trim().Length > 0)
                ?? "";
            foreach (var key in KeysOf(b))
                keys[key] = (keys.GetValueOrDefault(key).Count + 1, keys.TryGetValue(key, out var k) ? k.Line : first);
        }
        return keys;
    }

    /// <summary>A code cell counts once for each framework it is for (<c>#@tab pytorch, tensorflow, paddle</c> is a
    /// pytorch cell and a tensorflow cell: a new <c>#@tab pytorch, tensorflow</c> cell with the same code doubles
    /// both).</summary>
    static IEnumerable<string> KeysOf(Block b)
    {
        if (b.Kind == BlockKind.Code)
        {
            var code = BlockFeatures
                .CodeSignature(b)
                .Where(l => !l.StartsWith("#@tab", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (code.Count == 0)
                yield break;
            var body = string.Join("\n", code);
            foreach (var tab in b.Code?.Tabs is { Count: > 0 } tabs ? tabs : ["(none)"])
                yield return tab.Trim() + "\n" + body;
            yield break;
        }
        if (b.Kind == BlockKind.DisplayMath)
            yield return b.Text.Trim();
        else if (
            b.Kind == BlockKind.Paragraph
            && b.Text.Replace("(**", "", StringComparison.Ordinal).Replace("**)", "", StringComparison.Ordinal).Trim()
                is { Length: > 4 } math
            && math.StartsWith("$$", StringComparison.Ordinal)
            && math.EndsWith("$$", StringComparison.Ordinal)
        )
            yield return math;
    }
}
