using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync.Run;

/// <summary>
/// The book as a whole in a sync. The root <c>index.md</c> of a translation without its <c>_origin.md</c> is the
/// book's structure more than a text: it is synced by its tocs (<see cref="TocPlanner"/>: entries the English added,
/// removed or moved over the range, next to their neighbours; the translation's title, prose and own entries byte for
/// byte), never held whole for review; an English change outside its tocs is listed for review with the English diff.
/// </summary>
internal static class BookStructure
{
    /// <summary>Whether <paramref name="path"/> of the translation is synced by its toc structure: the root index
    /// without an <c>_origin.md</c> (there is no text it was translated from to sync its prose by).</summary>
    public static bool ByStructure(string path, Book translation) =>
        path == Toc.Root
        && translation.Files.ContainsKey(Toc.Root)
        && !translation.Files.ContainsKey(Book.OriginPathOf(Toc.Root));

    /// <summary>The plan of the root index for a range whose English changed it (<paramref name="englishBefore"/> →
    /// <paramref name="englishAfter"/>, "\n" line endings); <paramref name="moves"/>: files the sync carries to a
    /// new path (old → new). Nothing of the English is recorded for the file (no <c>_origin.md</c>, no state): the
    /// next range is followed from its own English before.</summary>
    public static PlannedFile PlanRoot(
        string englishBefore,
        string englishAfter,
        string translation,
        IReadOnlyDictionary<string, string> moves
    )
    {
        var toc = TocPlanner.Plan(englishBefore, englishAfter, translation, Toc.Root, moves);
        var changes = new List<PlannedChange>();
        var edits = new List<TextEdit>();
        if (toc.Edits.Count > 0)
        {
            var lines = new LineStarts(translation);
            var range = new LineRange(
                lines.LineAt(toc.Edits.Min(e => e.Start)),
                lines.LineAt(Math.Max(toc.Edits.Max(e => e.End) - 1, 0))
            );
            changes.Add(new PlannedChange(ChangeKind.Patched, toc.Summary, null, range, [], false));
            edits.AddRange(toc.Edits.Select(e => new TextEdit(e.Start, e.Length, [TemplatePart.Text(e.Text)], 0)));
        }
        foreach (var entry in toc.Unplaced)
            changes.Add(
                new PlannedChange(
                    ChangeKind.Review,
                    $"English added the toc entry {entry}, and the translation's tocs have none of its neighbours: "
                        + "add it to the right toc by hand",
                    null,
                    null,
                    [],
                    true
                )
            );
        if (!Prose(englishBefore).SequenceEqual(Prose(englishAfter), StringComparer.Ordinal))
            changes.AddRange(
                BaseFinder
                    .EnglishDiff(
                        WithoutTocs(englishBefore),
                        WithoutTocs(englishAfter),
                        Toc.Root,
                        "the English root index changed outside its tocs; the translation's root index has no "
                            + "_origin.md to carry it from: carry it by hand"
                    )
                    .Select(c => c.Change)
            );
        if (changes.Count == 0)
            changes.Add(
                new PlannedChange(
                    ChangeKind.Kept,
                    "the English changed the root index's tocs only where the translation already follows it",
                    null,
                    null,
                    [],
                    false
                )
            );
        var note = "synced by its toc structure (no _origin.md)";
        return new PlannedFile(
            new FileReport(Toc.Root, Toc.Root, FileStatus.Modified, [], 0, note),
            new FilePlan(Toc.Root, translation, edits, changes, [], []),
            null,
            null,
            null,
            null
        )
        {
            BaseEnglish = englishBefore,
            EnglishAfter = englishAfter,
        };
    }

    /// <summary>The blocks of a text outside its tocs (blank lines left out).</summary>
    static IEnumerable<string> Prose(string text) =>
        MarkdownDocument
            .Parse(text, Toc.Root)
            .Blocks.Where(b => b.Kind is not (BlockKind.Toc or BlockKind.Blank))
            .Select(b => b.Text.TrimEnd());

    /// <summary>The text with each toc block's lines blanked (their line count kept, so the diff's lines are the
    /// English's).</summary>
    static string WithoutTocs(string text)
    {
        var doc = MarkdownDocument.Parse(text, Toc.Root);
        var result = new System.Text.StringBuilder();
        int at = 0;
        foreach (var block in doc.Blocks.Where(b => b.Kind == BlockKind.Toc))
        {
            result.Append(text, at, block.Offset - at);
            result.Append('\n', block.Text.Count(c => c == '\n'));
            at = block.Offset + block.Text.Length;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }
}
