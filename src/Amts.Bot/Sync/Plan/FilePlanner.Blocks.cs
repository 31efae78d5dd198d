using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

internal sealed partial class FilePlanner
{
    /// <summary>A new English block in the target language: prose segments translated sentence by sentence,
    /// the structure (markers, labels, code, math) kept as it is.</summary>
    string TranslateBlock(Builder b, Block block, bool endWithNewline)
    {
        var text = block.Text;
        if (!block.IsProse)
            return endWithNewline ? Ensure(text) : text.TrimEnd('\n');
        if (b.Links.Write(block) is { } link)
        {
            b.Notes.Add(link.Note);
            return endWithNewline ? Ensure(link.Text) : link.Text.TrimEnd('\n');
        }
        if (Known?.FindBlock(block) is { } human)
            return endWithNewline ? Ensure(b.Reuse(human)) : b.Reuse(human);
        var spans = ProtectedSpans.Find(text);
        var sb = new StringBuilder();
        int pos = 0;
        foreach (var segment in ProseSegments.Of(block))
        {
            sb.Append(text, pos, segment.Start - pos);
            var segText = segment.Of(text);
            var local = spans
                .Where(s => s.Start >= segment.Start && s.End <= segment.End)
                .Select(s => s with { Start = s.Start - segment.Start })
                .ToList();
            var sentences = SentenceSplitter.English.Split(segText, local);
            string joiner = profile.BlockSentenceJoiner(block.Kind == BlockKind.Paragraph);
            sb.Append(
                string.Join(
                    joiner,
                    sentences
                        .Select(r => SentenceAligner.Flatten(r.Of(segText)))
                        .Select(x => Known?.FindSentence(block.Kind, x) is { } h ? b.Reuse(h) : b.Request(x))
                )
            );
            pos = segment.End;
        }
        sb.Append(text, pos, text.Length - pos);
        var result = sb.ToString();
        return endWithNewline ? Ensure(result) : result.TrimEnd('\n');
    }

    /// <summary>Inserts a new English block next to a located neighbour (<paramref name="at"/> ≥ 0: after the
    /// translation ending there; &lt; 0: before the block starting at -1-at); with none, it is listed for
    /// review.</summary>
    bool Insert(Builder b, Block newBlock, MarkdownDocument target, int? at, ChangeKind kind, string reason)
    {
        if (at == null)
        {
            Review(
                b,
                reason + ", but the translation of neither neighbour could be located with confidence: add it by hand",
                newBlock,
                target,
                null
            );
            return false;
        }
        if (IsTabMarker(newBlock))
        {
            Review(b, "tab group marker added in English: add it to the translation by hand", newBlock, target, null);
            return false;
        }
        int before = b.Requests.Count;
        var translated = TranslateBlock(b, newBlock, true);
        var edit = InsertEdit(b, target, at.Value, translated);
        b.Change(
            new(kind, reason, Lines(newBlock), null, b.RequestsSince(before), false),
            null,
            edit.Start,
            Delta(null, newBlock),
            [edit]
        );
        return true;
    }

    /// <summary>A block English adds that the translation holds already (<see cref="AlreadyHeld"/>) is not
    /// inserted again: kept where it is (the next new block goes after it), or listed for review when its place is
    /// unsure.</summary>
    static bool KeepHeld(
        Builder b,
        AlreadyHeld held,
        Block newBlock,
        MarkdownDocument target,
        int? at,
        Dictionary<int, IReadOnlyList<int>> located,
        ref int? after
    )
    {
        var claimed = located.Values.SelectMany(t => t).ToHashSet();
        for (int t = 0; t < target.Blocks.Count; t++)
            if (b.Relocated.Any(r => target.Blocks[t].Offset >= r.Start && target.Blocks[t].Offset < r.End))
                claimed.Add(t);
        if (held.Find(newBlock, at, claimed) is not { } found)
            return false;
        if (found.InPlace)
        {
            b.Relocated.Add(Span(target, found.Blocks));
            after = End(target, found.Blocks);
        }
        var kind = found.InPlace ? ChangeKind.Kept : ChangeKind.Review;
        var there = Lines(target, [found.Blocks[0]]);
        b.Change(new(kind, found.Reason, Lines(newBlock), there, [], !found.InPlace), null, null, default);
        return true;
    }

    static TextEdit InsertEdit(Builder b, MarkdownDocument target, int at, string blockText)
    {
        if (at < 0)
            return b.Edit(-1 - at, 0, blockText + "\n");
        return b.Edit(at, 0, at == 0 ? blockText + "\n" : (target.Text[at - 1] != '\n' ? "\n\n" : "\n") + blockText);
    }

    void Delete(
        Builder b,
        Block oldBlock,
        MarkdownDocument target,
        IReadOnlyList<int>? targets,
        ChangeKind kind,
        string reason
    )
    {
        if (targets == null)
        {
            b.Change(
                new(
                    kind,
                    reason + "; no translation of it was found, nothing removed",
                    Lines(oldBlock),
                    null,
                    [],
                    false
                ),
                null,
                null,
                default
            );
            return;
        }
        if (IsTabMarker(oldBlock) || targets.Any(t => IsTabMarker(target.Blocks[t])))
        {
            Review(
                b,
                "tab group marker removed in English: remove it from the translation by hand",
                oldBlock,
                target,
                targets
            );
            return;
        }
        int start = target.Blocks[targets[0]].Offset,
            end = End(target, targets);
        // Take the blank run after the block too, so that no double blank line is left behind.
        int next = targets[^1] + 1;
        if (next < target.Blocks.Count && target.Blocks[next].Kind == BlockKind.Blank)
            end += target.Blocks[next].Text.Length;
        var edit = b.Edit(start, end - start, "");
        b.Change(
            new(kind, reason, Lines(oldBlock), Lines(target, targets), [], false),
            new TextRange(start, end - start),
            null,
            Delta(oldBlock, null),
            [edit]
        );
    }

    void Move(Builder b, Block oldBlock, Block newBlock, MarkdownDocument target, IReadOnlyList<int>? targets, int? at)
    {
        if (targets == null)
        {
            if (
                !Insert(
                    b,
                    newBlock,
                    target,
                    at,
                    ChangeKind.Moved,
                    "block moved in English (its translation was not found)"
                )
            )
                return;
            return;
        }
        if (at == null || IsTabMarker(oldBlock))
        {
            Review(
                b,
                "block moved in English, but its new place could not be located with confidence in the translation: "
                    + "move it by hand",
                newBlock,
                target,
                targets
            );
            return;
        }
        int start = target.Blocks[targets[0]].Offset,
            end = End(target, targets);
        int next = targets[^1] + 1;
        int cut = end;
        if (next < target.Blocks.Count && target.Blocks[next].Kind == BlockKind.Blank)
            cut += target.Blocks[next].Text.Length;
        var moved = target.Text[start..end];
        var reason = "block moved in English (its translation moved with it)";
        if (oldBlock.Text != newBlock.Text)
        {
            // Moved with only its numbers changed (BlockDiff): they are patched as the translation moves.
            if (NumberPatch.Apply(moved, oldBlock.Text, newBlock.Text, out var why) is not { } patched)
            {
                Review(b, $"block moved in English and {why}: move and change it by hand", newBlock, target, targets);
                return;
            }
            (moved, reason) = (patched, reason + "; " + why);
        }
        var remove = b.Edit(start, cut - start, "");
        var put = InsertEdit(b, target, at.Value, Ensure(moved));
        b.Change(
            new(ChangeKind.Moved, reason, Lines(newBlock), Lines(target, targets), [], false),
            new TextRange(start, cut - start),
            put.Start,
            default,
            [remove, put]
        );
    }
}
