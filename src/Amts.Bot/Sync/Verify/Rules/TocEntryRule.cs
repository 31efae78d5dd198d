namespace Amts.Bot.Sync;

/// <summary>d2lbook tables of contents (<c>```toc</c> blocks: the chapters and sections of the book, each reached from
/// the root <c>index.md</c> through them): an entry the translation had and the English toc of the file still lists
/// stays, or the human chapter it names is no longer reached from the book (<see cref="Toc.Reachable"/>).</summary>
internal sealed class TocEntryRule : IOutputRule
{
    public string Name => "toc entries";
    public string Protects => "d2lbook's ```toc blocks (the book's chapters, reached from the root index.md)";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var path = file.File.Path;
        var english = Paths(file.File.NewEnglish, path);
        if (english.Count == 0)
            yield break;
        var after = Paths(file.File.After, path);
        var lost = Toc.Entries(file.File.Before, path)
            .Where(e => english.Contains(e.Path) && !after.Contains(e.Path))
            .Select(e => e.Text)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (lost.Count > 0)
            yield return new(
                Name,
                0,
                $"{lost.Count} toc entr(ies) the English toc still lists would be dropped, and the chapters they name "
                    + $"would no longer be reached from the book ({string.Join(", ", lost.Take(5))})"
            );
    }

    static HashSet<string> Paths(string text, string path) =>
        Toc.Entries(text, path).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
}
