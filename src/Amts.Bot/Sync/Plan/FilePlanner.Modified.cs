using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

internal sealed partial class FilePlanner
{
    void Review(Builder b, string reason, Block? english, MarkdownDocument target, IReadOnlyList<int>? targets) =>
        b.Change(
            new(
                ChangeKind.Review,
                reason,
                english == null ? null : Lines(english),
                targets == null ? null : Lines(target, targets),
                [],
                true
            ),
            null,
            null,
            default
        );

    void Modified(Builder b, Block oldBlock, Block newBlock, MarkdownDocument target, IReadOnlyList<int>? targets)
    {
        var delta = Delta(oldBlock, newBlock);
        if (
            DirectiveLines(oldBlock.Text).Count + DirectiveLines(newBlock.Text).Count > 0
            && WithoutDirectives(oldBlock.Text) == WithoutDirectives(newBlock.Text)
        )
        {
            // Only an attached :label:/:width: line changed: structure, not prose. The translation's block keeps its
            // text.
            var have =
                targets == null ? [] : targets.SelectMany(t => DirectiveLines(target.Blocks[t].Text)).ToHashSet();
            bool present = targets != null && DirectiveLines(newBlock.Text).All(have.Contains);
            if (present)
                b.Change(
                    new(
                        ChangeKind.Kept,
                        "only an attached :label:/:width: line changed; the translation has it already",
                        Lines(newBlock),
                        Lines(target, targets!),
                        [],
                        false
                    ),
                    null,
                    null,
                    default
                );
            else
                Review(
                    b,
                    "only an attached :label:/:width: line changed: change it in the translation by hand",
                    newBlock,
                    target,
                    targets
                );
            return;
        }
        var how = ChangeClassifier.Classify(oldBlock, newBlock, rules);
        if (how.Kind == ChangeKind.Kept)
        {
            b.Change(
                new(
                    ChangeKind.Kept,
                    how.Reason,
                    Lines(newBlock),
                    targets == null ? null : Lines(target, targets),
                    [],
                    false
                ),
                null,
                null,
                default
            );
            return;
        }
        if (targets == null)
        {
            Review(
                b,
                $"{how.Kind.ToString().ToLowerInvariant()} change, but its translation could not be located with "
                    + "confidence: find the translation of "
                    + "the English before (below) and carry the change there by hand",
                newBlock,
                target,
                null
            );
            return;
        }
        int start = target.Blocks[targets[0]].Offset,
            end = End(target, targets);
        var located = new TextRange(start, end - start);
        var current = target.Text[start..end];
        if (how.SlideMarkers >= 0)
        {
            int have = ProtectedSpans.Find(current).Count(x => x.Kind == ProtectedKind.SlideMarker);
            bool placed = have >= how.SlideMarkers;
            bool prose = oldBlock.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading;
            if (
                !placed
                && prose
                && newBlock.Kind == oldBlock.Kind
                && targets.All(t => target.Blocks[t].Kind == oldBlock.Kind)
            )
            {
                // Put around the human sentences they mark (SlideMarkers.ForSentences), or review.
                RetranslateSentences(b, oldBlock, newBlock, target, targets, located, delta);
                return;
            }
            b.Change(
                new(
                    placed ? ChangeKind.Kept : ChangeKind.Review,
                    placed
                        ? how.Reason + "; the translation has its own"
                        : how.Reason + $"; the translation has {have} of {how.SlideMarkers}: place them by hand",
                    Lines(newBlock),
                    Lines(target, targets),
                    [],
                    !placed
                ),
                null,
                null,
                default
            );
            return;
        }
        // The bot's own English (marked untranslated) for exactly this block: replaced by the new English's
        // translation.
        if (oldBlock.IsProse && newBlock.IsProse && targets.All(t => AllMarked(target.Blocks[t])))
        {
            int before = b.Requests.Count;
            var edit = b.Edit(start, end - start, TranslateBlock(b, newBlock, current.EndsWith('\n')));
            b.Change(
                new(
                    ChangeKind.Retranslated,
                    "the English left untranslated by an earlier sync changed; replaced by the new English's "
                        + "translation",
                    Lines(newBlock),
                    Lines(target, targets),
                    b.RequestsSince(before),
                    false
                ),
                located,
                null,
                delta,
                [edit]
            );
            return;
        }
        switch (how.Kind)
        {
            case ChangeKind.Patched when how.Patches.Any(p => p.Token):
            {
                // Only numbers changed: each token patched where it stands once in the block, else by sentence.
                var found = NumberPatch.Locate(target.Text, start, end, oldBlock.Text, how.Patches, out var missing);
                if (found != null)
                {
                    var numbers = found.Select(f => b.Edit(f.At, f.Patch.Old.Length, f.Patch.New)).ToList();
                    b.Change(
                        new(ChangeKind.Patched, how.Reason, Lines(newBlock), Lines(target, targets), [], false),
                        located,
                        null,
                        delta,
                        numbers
                    );
                    return;
                }
                if (
                    oldBlock.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote
                    && targets.All(t => target.Blocks[t].Kind == oldBlock.Kind)
                )
                    RetranslateSentences(b, oldBlock, newBlock, target, targets, located, delta);
                else
                    Review(b, $"{how.Reason}, but {missing}: change it by hand", newBlock, target, targets);
                return;
            }
            case ChangeKind.Patched:
            {
                var local = new List<TextEdit>();
                foreach (var patch in how.Patches)
                {
                    int at = current.IndexOf(patch.Old, StringComparison.Ordinal);
                    bool unique = at >= 0 && current.IndexOf(patch.Old, at + 1, StringComparison.Ordinal) < 0;
                    if (unique)
                    {
                        local.Add(b.Edit(start + at, patch.Old.Length, patch.New));
                        continue;
                    }
                    if (at < 0 && current.Contains(patch.New, StringComparison.Ordinal))
                        continue; // already carried over
                    Review(
                        b,
                        $"{how.Reason}, but \"{Short(patch.Old)}\" is not in the translation exactly once",
                        newBlock,
                        target,
                        targets
                    );
                    return;
                }
                b.Change(
                    new(ChangeKind.Patched, how.Reason, Lines(newBlock), Lines(target, targets), [], false),
                    located,
                    null,
                    delta,
                    local
                );
                return;
            }
            case ChangeKind.CodeMerged when targets.Count == 1 && target.Blocks[targets[0]].Kind == BlockKind.Code:
            {
                // Cells never swap: the translation's cell must be the same framework's cell as the old English one.
                var ours = target.Blocks[targets[0]].Code?.Tabs ?? [];
                var theirs = oldBlock.Code?.Tabs ?? [];
                if (!ours.SequenceEqual(theirs))
                {
                    Review(
                        b,
                        $"code cell changed, but the translation's cell there is for #@tab {string.Join(",", ours)} "
                            + $"instead of #@tab {string.Join(",", theirs)}: not merged",
                        newBlock,
                        target,
                        targets
                    );
                    return;
                }
                var merged = LineMerge.Merge(CellLines(oldBlock.Text), CellLines(newBlock.Text), CellLines(current));
                if (merged.Conflicts.Count > 0 && b.Relocated.Contains(located))
                {
                    // Located by evidence around it rather than by the aligner: where both sides changed the code, a
                    // person merges.
                    Review(
                        b,
                        $"code cell changed where the translation's cell differs too ({merged.Conflicts.Count} "
                            + "conflicting region(s)), and the cell was located only by its neighbours: merge it by "
                            + "hand",
                        newBlock,
                        target,
                        targets
                    );
                    return;
                }
                var text = string.Join("\n", merged.Lines) + "\n";
                var local =
                    text != Ensure(current)
                        ? new[] { b.Edit(start, end - start, current.EndsWith('\n') ? text : text.TrimEnd('\n')) }
                        : [];
                var reason =
                    merged.Conflicts.Count > 0
                        ? $"code merged; {merged.Conflicts.Count} conflicting region(s) took the English code"
                        : "code merged, translated comments kept";
                if (merged.EnglishComments.Count > 0)
                    reason += $"; {merged.EnglishComments.Count} changed English comment(s) to translate";
                int gone = merged.DeletedComments.Count,
                    unsure = merged.KeptComments.Count;
                if (gone > 0)
                    reason += $"; {gone} translated comment line(s) removed with the English ones";
                if (unsure > 0)
                    reason += $"; {unsure} comment line(s) kept where the English removed comments: check";
                bool look =
                    merged.Conflicts.Count > 0 || merged.EnglishComments.Count > 0 || merged.KeptComments.Count > 0;
                b.Change(
                    new(ChangeKind.CodeMerged, reason, Lines(newBlock), Lines(target, targets), [], look),
                    located,
                    null,
                    delta,
                    local
                );
                return;
            }
            case ChangeKind.Retranslated
                when oldBlock.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote
                    && newBlock.Kind == oldBlock.Kind
                    && targets.All(t => target.Blocks[t].Kind == oldBlock.Kind):
                RetranslateSentences(b, oldBlock, newBlock, target, targets, located, delta);
                return;
        }
        if (IsTabMarker(oldBlock) || IsTabMarker(newBlock) || targets.Any(t => IsTabMarker(target.Blocks[t])))
        {
            Review(
                b,
                "tab group marker changed in English: change it in the translation by hand",
                newBlock,
                target,
                targets
            );
            return;
        }
        // Otherwise the block is translated anew from the new English (a heading, a table, a figure: one unit).
        int first = b.Requests.Count;
        var whole = b.Edit(start, end - start, TranslateBlock(b, newBlock, current.EndsWith('\n')));
        b.Change(
            new(
                ChangeKind.Retranslated,
                how.Kind == ChangeKind.CodeMerged
                    ? "code cell replaced (its translation is not a code cell)"
                    : how.Reason + "; block translated anew",
                Lines(newBlock),
                Lines(target, targets),
                b.RequestsSince(first),
                false
            ),
            located,
            null,
            delta,
            [whole]
        );
    }

    bool AllMarked(Block block)
    {
        if (!block.IsProse || !block.Text.Contains(Untranslated))
            return false;
        var sentences = SentenceAligner.TextsOf([block], targetLanguage);
        return sentences.Count > 0 && sentences.All(IsMarked);
    }

    static List<string> CellLines(string text) => text.TrimEnd('\n').Split('\n').ToList();

    static string Short(string s) => s.Length > 60 ? s[..57] + "..." : s;
}
