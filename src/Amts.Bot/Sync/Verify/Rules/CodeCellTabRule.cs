using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>d2lbook code cells of a framework (a first line <c>#@tab pytorch</c>, or <c>#@tab all</c>): a translation
/// whose sequence of framework cells was the English's before the sync is the English's after it, so that no
/// framework loses a cell or gets one twice.</summary>
internal sealed class CodeCellTabRule : IOutputRule
{
    public string Name => "#@tab cells";
    public string Protects => "d2lbook's #@tab code cells";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var (oldEnglish, newEnglish, before, after) = (
            Cells(file.OldEnglish),
            Cells(file.NewEnglish),
            Cells(file.Before),
            Cells(file.After)
        );
        if (before.SequenceEqual(oldEnglish) && !after.SequenceEqual(newEnglish))
            yield return new(
                Name,
                0,
                $"the translation had the English's {before.Count} framework code cell(s); written, it would have "
                    + $"{after.Count} where the English now has {newEnglish.Count}"
            );
    }

    static List<string> Cells(MarkdownDocument doc) =>
        doc
            .Blocks.Where(b => b.Kind == BlockKind.Code && b.Code is { Tabs.Count: > 0 })
            .Select(b => string.Join(",", b.Code!.Tabs))
            .ToList();
}
