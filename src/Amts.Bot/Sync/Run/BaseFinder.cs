using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync.Run;

/// <summary>
/// The planner's side of <see cref="BaseDiscovery"/> for one sync: the source and the extra repositories of English
/// revisions, the range's end, and what was found for each file (for the report and the state). A file whose base
/// cannot be found convincingly goes to review with the English diff of the range, one item per changed block.
/// </summary>
internal sealed class BaseFinder(
    GitCli source,
    string to,
    IReadOnlyList<GitCli> extra,
    string language,
    Alignment.Book translation
)
{
    readonly Lazy<long?> bookTime = new(() =>
        BaseDiscovery.BookRelease(
            extra,
            translation.ContentPaths.ToDictionary(p => p, p => translation.Files[p], StringComparer.Ordinal)
        )
    );

    readonly long toTime = long.Parse(
        source.Run("log", "-1", "--format=%at", to).Trim(),
        System.Globalization.CultureInfo.InvariantCulture
    );

    /// <summary>Translation path → the evidence of its discovered base (convincing or not).</summary>
    public Dictionary<string, DiscoveredBase> Found { get; } = new(StringComparer.Ordinal);

    /// <summary>The base of <paramref name="target"/>, English <paramref name="englishPaths"/> (its path at the range's
    /// end first), or null with the reason it goes to review.</summary>
    public (EnglishRevision? Base, DiscoveredBase? Evidence, string? Why) Find(
        IReadOnlyList<string> englishPaths,
        string target,
        string text
    )
    {
        var revisions = englishPaths
            .Distinct(StringComparer.Ordinal)
            .SelectMany(p => BaseDiscovery.Revisions(source, to, extra, p))
            .GroupBy(r => r.Blob, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(r => r.Time)
            .ToList();
        var (found, evidence) = BaseDiscovery.Discover(revisions, text, target, language, bookTime.Value);
        if (evidence != null)
            Found[target] = evidence;
        if (found == null)
        {
            var what =
                evidence == null
                    ? "no English revision of it was found"
                    : "the best English revision found is not convincing (" + evidence + ")";
            return (
                null,
                evidence,
                $"no base for this file (no _origin.md, no recorded sync) and {what}: the English changes of the "
                    + "range are "
                    + "listed here to carry by hand; then add its _origin.md (the English it follows)"
            );
        }
        if (!found.InHistory && found.Time > toTime)
            return (
                null,
                evidence,
                $"this file's translation follows English {found.Name} ({evidence}), later than the range's end: "
                    + "nothing of the range is applied, since it would revert the translation; sync a range ending "
                    + "at or after it"
            );
        return (found, evidence, null);
    }

    /// <summary>One review item per block the range changes in English (before and after shown), a tab group English
    /// adds or removes whole being one item (d2lbook's <c>:begin_tab:</c> … <c>:end_tab:</c>: its markers and content
    /// are carried together or not at all); or one item for the file.</summary>
    public static IReadOnlyList<AppliedChange> EnglishDiff(string? before, string after, string path, string why)
    {
        var oldDoc = MarkdownDocument.Parse(before ?? "", path);
        var newDoc = MarkdownDocument.Parse(after, path);
        var items = new List<AppliedChange>();
        var diff = BlockDiff.Diff(oldDoc, newDoc).Where(e => e.Kind != BlockEditKind.Unchanged).ToList();
        for (int k = 0; k < diff.Count; k++)
        {
            var edit = diff[k];
            Block? o = edit.Old is { } i ? oldDoc.Blocks[i] : null,
                n = edit.New is { } j ? newDoc.Blocks[j] : null;
            if ((o ?? n)!.Kind == BlockKind.Blank && (n ?? o)!.Kind == BlockKind.Blank)
                continue;
            if (WholeGroup(diff, k, oldDoc, newDoc) is { } group)
            {
                (o, n) =
                    edit.Kind == BlockEditKind.Inserted ? ((Block?)null, group.Block) : (group.Block, (Block?)null);
                k = group.Last;
            }
            var (eb, ea) = EnglishExcerpt.Of(o, n);
            LineRange? lines = n != null ? new LineRange(n.Line, n.EndLine) : null;
            var change = new PlannedChange(
                ChangeKind.Review,
                $"{why} (English {edit.Kind.ToString().ToLowerInvariant()})",
                lines,
                null,
                [],
                true
            )
            {
                EnglishBefore = eb,
                EnglishAfter = ea,
            };
            items.Add(new AppliedChange(change, 0, 0, []));
        }
        if (items.Count == 0)
            items.Add(new AppliedChange(new PlannedChange(ChangeKind.Review, why, null, null, [], true), 0, 0, []));
        return items;
    }

    /// <summary>When edit <paramref name="k"/> inserts (or deletes) a begin marker and the edits after it insert (or
    /// delete) the rest of its group, one block spanning the whole group and the index of its last edit.</summary>
    static (Block Block, int Last)? WholeGroup(
        List<BlockEdit> diff,
        int k,
        MarkdownDocument oldDoc,
        MarkdownDocument newDoc
    )
    {
        var edit = diff[k];
        bool inserted = edit.Kind == BlockEditKind.Inserted;
        if (!inserted && edit.Kind != BlockEditKind.Deleted)
            return null;
        var doc = inserted ? newDoc : oldDoc;
        int begin = (inserted ? edit.New : edit.Old)!.Value;
        if (doc.Blocks[begin].Kind != BlockKind.TabBegin || TabGroups.EndOf(doc, begin) is not (>= 0 and var end))
            return null;
        int last = k;
        for (int b = begin + 1; b <= end; b++)
        {
            if (
                last + 1 < diff.Count
                && diff[last + 1].Kind == edit.Kind
                && (inserted ? diff[last + 1].New : diff[last + 1].Old) == b
            )
                last++;
            else if (doc.Blocks[b].Kind != BlockKind.Blank) // a blank line the diff matched elsewhere is no content
                return null;
        }
        var first = doc.Blocks[begin];
        var text = TabGroups.Text(doc, begin, end);
        return (
            new Block(BlockKind.TabBegin, first.Offset, first.Line, doc.Blocks[end].EndLine - first.Line + 1, text),
            last
        );
    }
}
