using System.Text.RegularExpressions;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>d2lbook cross-reference targets (<c>:label:`name`</c>, <c>:eqlabel:`name`</c>, referenced by
/// <c>:numref:</c> and <c>:eqref:</c>): a label the translation had and the English still has stays, and no label is
/// written twice where neither the translation nor the English has it twice (d2lbook refuses duplicate
/// labels).</summary>
internal sealed partial class LabelRule : IOutputRule
{
    public string Name => "labels";
    public string Protects => "d2lbook's :label: and :eqlabel: targets";

    [GeneratedRegex(@":(?:label|eqlabel):`([^`]+)`")]
    private static partial Regex Label();

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var (newEnglish, before, after) = (Labels(file.NewEnglish), Labels(file.Before), Labels(file.After));
        foreach (var (label, n) in after.Where(kv => kv.Value > 1).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (n > before.GetValueOrDefault(label) && n > newEnglish.GetValueOrDefault(label))
                yield return new(Name, 0, $"the label {label} would be written {n} times");
        var lost = before
            .Keys.Where(l => newEnglish.ContainsKey(l) && !after.ContainsKey(l))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (lost.Count > 0)
            yield return new(
                Name,
                0,
                $"{lost.Count} label(s) the English still has would be lost ({string.Join(", ", lost.Take(5))})"
            );
    }

    static Dictionary<string, int> Labels(MarkdownDocument doc)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var b in doc.Blocks.Where(b => b.Kind is not (BlockKind.Code or BlockKind.Blank)))
        foreach (Match m in Label().Matches(b.Text))
            counts[m.Groups[1].Value] = counts.GetValueOrDefault(m.Groups[1].Value) + 1;
        return counts;
    }
}
