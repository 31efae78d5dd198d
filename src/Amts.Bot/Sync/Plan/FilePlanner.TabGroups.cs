using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>Tab groups carried as groups (issue 18): a group English adds or removes goes into or out of the
/// translation whole (markers and content together); a group it relabels, puts around blocks it had or takes off them
/// gets its markers changed around the translation's own content when that content is located and its English
/// carried. Otherwise, or where the translation cannot be matched with confidence, the group is a review item. A
/// marker is never written without its group, and a split or joined group is never guessed at.</summary>
internal sealed partial class FilePlanner
{
    /// <summary>Carries edit <paramref name="i"/> when it is a tab marker of a group handled as a whole (the group's
    /// other edits it takes are then consumed); false leaves the edit to the block-by-block planning.</summary>
    bool CarryTabGroup(Builder b, TabGroups tabs, int i, ref int? after, bool atStart)
    {
        var edit = tabs.Edits[i];
        if (tabs.Pending(i, out var confirm))
            Confirm(b, confirm.Change, confirm.Reason);
        if (tabs.Consumed(i))
            return true;
        if (tabs.Moves(i, out var move))
        {
            if (move.From == null || after == move.From)
                after = move.To;
            return true;
        }
        return edit.Kind switch
        {
            BlockEditKind.Inserted when tabs.New.Blocks[edit.New!.Value].Kind == BlockKind.TabBegin => GroupInserted(
                b,
                tabs,
                i,
                edit.New.Value,
                ref after,
                atStart
            ),
            BlockEditKind.Deleted when tabs.Old.Blocks[edit.Old!.Value].Kind == BlockKind.TabBegin => GroupRemoved(
                b,
                tabs,
                edit.Old.Value
            ),
            BlockEditKind.Modified
                when TabGroups.IsMarker(tabs.Old.Blocks[edit.Old!.Value])
                    || TabGroups.IsMarker(tabs.New.Blocks[edit.New!.Value]) => MarkerChanged(
                b,
                tabs,
                edit.Old.Value,
                edit.New!.Value,
                ref after
            ),
            _ => false,
        };
    }

    /// <summary>A group change planned before its content stands only if every change planned since (the content's)
    /// carried its English: else its edits are taken back and it is a review item, so that the translation's old
    /// text is never put into a group, taken out of one or relabelled for other frameworks unreviewed.</summary>
    static void Confirm(Builder b, int change, string reason)
    {
        if (b.Changes.Skip(change + 1).All(c => !c.NeedsReview))
            return;
        b.Edits.RemoveAll(e => e.Change == change);
        b.Changes[change] = b.Changes[change] with { Kind = ChangeKind.Review, Reason = reason, NeedsReview = true };
        b.Evidence[change] = new ChangeEvidence(null, null, default);
    }

    /// <summary>
    /// A begin marker English added. When its whole group is new (markers and content all added at one place), the
    /// group goes in as one block at the located anchor, its content translated; when the group's content is blocks
    /// the English had already (unchanged or edited in place) and their translation is located, in one piece and in
    /// no group of its own, the two markers go around that translation. Otherwise false (a lone marker: review).
    /// </summary>
    bool GroupInserted(Builder b, TabGroups tabs, int i, int nb, ref int? after, bool atStart)
    {
        var (doc, target) = (tabs.New, tabs.Target);
        int ne = TabGroups.EndOf(doc, nb);
        if (ne < 0)
            return false;
        var members = TabGroups.NonBlank(doc, nb, ne);
        var english = new LineRange(doc.Blocks[nb].Line, doc.Blocks[ne].EndLine);
        var groupText = TabGroups.Text(doc, nb, ne);
        var (_, excerpt) = EnglishExcerpt.Of(null, new Block(BlockKind.TabBegin, 0, 1, 1, groupText));
        if (members.All(k => tabs.EditOfNew(k)?.Kind == BlockEditKind.Inserted))
        {
            tabs.Consume(members, old: false);
            var at = Anchor(after, atStart, tabs.Edits, i, located: tabs.Located, target);
            int? place = at is int a ? (a < 0 ? -1 - a : a) : null;
            string? problem =
                place == null ? "the translation of neither neighbour could be located with confidence"
                : tabs.GroupAround(place.Value) >= 0
                    ? "its place in the translation is inside a tab group of the translation (which may have the group "
                        + "in its own way)"
                : null;
            if (problem != null)
            {
                after = null;
                b.Change(
                    new(
                        ChangeKind.Review,
                        $"tab group added in English, but {problem}: add it by hand",
                        english,
                        null,
                        [],
                        true
                    )
                    {
                        EnglishAfter = excerpt,
                    },
                    null,
                    null,
                    default
                );
                return true;
            }
            int before = b.Requests.Count;
            var text = string.Concat(
                Enumerable
                    .Range(nb, ne - nb + 1)
                    .Select(k => doc.Blocks[k])
                    .Select(x =>
                        x.Kind == BlockKind.Blank || TabGroups.IsMarker(x) ? x.Text : TranslateBlock(b, x, true)
                    )
            );
            var insert = InsertEdit(b, target, at!.Value, Ensure(text));
            b.Change(
                new(
                    ChangeKind.Inserted,
                    "tab group added in English (its markers and content)",
                    english,
                    null,
                    b.RequestsSince(before),
                    false
                )
                {
                    EnglishAfter = excerpt,
                },
                null,
                insert.Start,
                StructureCount.Of(groupText),
                [insert]
            );
            return true;
        }
        return GroupAround(b, tabs, nb, ne, english, excerpt);
    }

    /// <summary>English put blocks it had already into a new group: the markers go around their translation (which
    /// stays byte for byte) when it is located, in order, in one piece and outside every group of the translation.
    /// </summary>
    bool GroupAround(Builder b, TabGroups tabs, int nb, int ne, LineRange english, string? excerpt)
    {
        var (doc, target) = (tabs.New, tabs.Target);
        if (tabs.EditOfNew(ne)?.Kind != BlockEditKind.Inserted)
            return false;
        var content = TabGroups.NonBlank(doc, nb + 1, ne - 1);
        var located = tabs.Located;
        var targets = new List<int>();
        foreach (var k in content)
        {
            if (
                tabs.EditOfNew(k) is not { Old: int o } e
                || !InPlace(e)
                || TabGroups.IsMarker(doc.Blocks[k])
                || !located.TryGetValue(o, out var t)
            )
                return false;
            targets.AddRange(t);
        }
        if (targets.Count == 0)
            return false;
        int first = targets[0],
            last = targets[^1];
        var span = TabGroups.NonBlank(target, first, last);
        if (!targets.SequenceEqual(span) || span.Any(t => TabGroups.IsMarker(target.Blocks[t])))
            return false;
        int start = target.Blocks[first].Offset,
            end = End(target, [last]);
        var lines = Lines(target, [first, last]);
        int around = tabs.GroupAround(start);
        if (around >= 0)
        {
            int next = TabGroups.Next(target, last, 1);
            bool same =
                TabGroups.Line(target.Blocks[around]) == TabGroups.Line(doc.Blocks[nb])
                && next >= 0
                && target.Blocks[next].Kind == BlockKind.TabEnd;
            // What English adds after the group goes after the translation's group, never into it.
            tabs.MoveAfter(ne, old: false, null, same ? End(target, [next]) : null);
            if (same)
                b.Relocated.Add(Span(target, [next])); // located by the content before it
            b.Change(
                new(
                    same ? ChangeKind.Kept : ChangeKind.Review,
                    same
                        ? "English put these blocks into a tab group; the translation has them in that group already"
                        : "English put these blocks into a tab group, but their translation is in another tab group: "
                            + "regroup them by hand",
                    english,
                    lines,
                    [],
                    !same
                )
                {
                    EnglishAfter = excerpt,
                },
                null,
                null,
                default
            );
            return true;
        }
        tabs.Consume([ne], old: false);
        if (!content.All(k => Kept(tabs, tabs.EditOfNew(k)!)))
        {
            tabs.ConfirmAt(
                ne,
                old: false,
                b.Changes.Count,
                "English put these blocks into a tab group and changed "
                    + "them, but their change was not carried: add the group's markers by hand once it is"
            );
        }
        string Between(int from, int to) => TabGroups.Text(doc, from, to); // the English's blank lines inside the group
        var open = b.Edit(start, 0, Ensure(doc.Blocks[nb].Text) + Between(nb + 1, content[0] - 1));
        var close = b.Edit(
            end,
            0,
            (end > 0 && target.Text[end - 1] != '\n' ? "\n" : "")
                + Between(content[^1] + 1, ne - 1)
                + Ensure(doc.Blocks[ne].Text)
        );
        b.Change(
            new(
                ChangeKind.Inserted,
                $"English put {content.Count} block(s) into a new tab group "
                    + $"({TabGroups.Line(doc.Blocks[nb])}): its markers added around their translation, which stays",
                english,
                lines,
                [],
                false
            )
            {
                EnglishAfter = excerpt,
            },
            new TextRange(start, end - start),
            null,
            StructureCount.Of(doc.Blocks[nb].Text + doc.Blocks[ne].Text),
            [open, close]
        );
        return true;
    }

    /// <summary>Content English kept in a group it puts around blocks, takes off them or relabels: unchanged, or
    /// changed only cosmetically (the human text stays). Content it rewrote at the same time may not be carried, and
    /// the translation's old text would then be shown to other frameworks than before: that is for a person.</summary>
    bool Kept(TabGroups tabs, BlockEdit e) =>
        e.Kind == BlockEditKind.Unchanged
        || (
            e is { Kind: BlockEditKind.Modified, Old: int o, New: int n }
            && ChangeClassifier.Classify(tabs.Old.Blocks[o], tabs.New.Blocks[n], rules).Kind == ChangeKind.Kept
        );

    /// <summary>Content English kept, or edited in place, in a group it puts around blocks or takes off them.</summary>
    static bool InPlace(BlockEdit e) => e.Kind is BlockEditKind.Unchanged or BlockEditKind.Modified;

    /// <summary>
    /// A begin marker English removed. When its whole group went (markers and content), the translation's group goes
    /// whole, provided it is located: both markers (by the alignment or right next to the located content) and every
    /// content block, with nothing of the translation's own between them. Else the group is one review item (or,
    /// when nothing of it is in the translation, nothing to remove). False when only the marker went (review).
    /// </summary>
    bool GroupRemoved(Builder b, TabGroups tabs, int ob)
    {
        var (doc, target) = (tabs.Old, tabs.Target);
        int oe = TabGroups.EndOf(doc, ob);
        if (oe < 0)
            return false;
        var members = TabGroups.NonBlank(doc, ob, oe);
        if (!members.All(k => tabs.EditOfOld(k)?.Kind == BlockEditKind.Deleted))
            return GroupUnwrapped(b, tabs, ob, oe);
        tabs.Consume(members, old: true);
        var english = new LineRange(doc.Blocks[ob].Line, doc.Blocks[oe].EndLine);
        var groupText = TabGroups.Text(doc, ob, oe);
        var (excerpt, _) = EnglishExcerpt.Of(new Block(BlockKind.TabBegin, 0, 1, 1, groupText), null);
        var located = tabs.Located;
        var content = members.Where(k => k != ob && k != oe).ToList();
        var targets = content.Select(k => located.GetValueOrDefault(k)).ToList();
        int? tb = tabs.MarkerInTarget(ob),
            te = tabs.MarkerInTarget(oe);
        if (tb == null && te == null && targets.All(t => t == null))
        {
            const string none = "tab group removed in English; no translation of it was found, nothing removed";
            b.Change(
                new(ChangeKind.Deleted, none, english, null, [], false) { EnglishBefore = excerpt },
                null,
                null,
                default
            );
            return true;
        }
        var inside = targets.Where(t => t != null).SelectMany(t => t!).ToHashSet();
        string? problem = null;
        if (tb == null || te == null || targets.Any(t => t == null))
            problem = "its translation could not be located with confidence as a whole group";
        else if (TabGroups.Line(target.Blocks[tb.Value]) != TabGroups.Line(doc.Blocks[ob]))
            problem = $"the translation's group there begins with {TabGroups.Line(target.Blocks[tb.Value])}";
        else if (!TabGroups.NonBlank(target, tb.Value + 1, te.Value - 1).ToHashSet().SetEquals(inside))
            problem = "the translation's group there holds blocks that are not the translation of this one";
        if (problem != null)
        {
            Review(b, $"tab group removed in English, but {problem}: remove it by hand", doc.Blocks[ob], target, null);
            b.Changes[^1] = b.Changes[^1] with { English = english, EnglishBefore = excerpt };
            return true;
        }
        int start = target.Blocks[tb!.Value].Offset,
            end = End(target, [te!.Value]);
        if (te.Value + 1 < target.Blocks.Count && target.Blocks[te.Value + 1].Kind == BlockKind.Blank)
            end += target.Blocks[te.Value + 1].Text.Length;
        foreach (var m in new[] { tb.Value, te.Value })
            b.Relocated.Add(Span(target, [m])); // located by their content
        var cut = b.Edit(start, end - start, "");
        b.Change(
            new(
                ChangeKind.Deleted,
                "tab group removed in English (its markers and content)",
                english,
                Lines(target, [tb.Value, te.Value]),
                [],
                false
            )
            {
                EnglishBefore = excerpt,
            },
            new TextRange(start, end - start),
            null,
            default(StructureCount) - StructureCount.Of(groupText),
            [cut]
        );
        return true;
    }

    /// <summary>English took the blocks of a group out of it (both markers removed, the content kept or edited in
    /// place): the translation's two markers go, their content stays, when the translation's group is located and
    /// holds exactly the located translation of that content.</summary>
    bool GroupUnwrapped(Builder b, TabGroups tabs, int ob, int oe)
    {
        var (doc, target) = (tabs.Old, tabs.Target);
        if (tabs.EditOfOld(oe)?.Kind != BlockEditKind.Deleted)
            return false;
        var content = TabGroups.NonBlank(doc, ob + 1, oe - 1);
        var inside = new HashSet<int>();
        foreach (var k in content)
        {
            if (tabs.EditOfOld(k) is not { } e || !InPlace(e) || !tabs.Located.TryGetValue(k, out var t))
                return false;
            inside.UnionWith(t);
        }
        var english = new LineRange(doc.Blocks[ob].Line, doc.Blocks[oe].EndLine);
        var groupText = doc.Blocks[ob].Text + doc.Blocks[oe].Text;
        var (excerpt, _) = EnglishExcerpt.Of(new Block(BlockKind.TabBegin, 0, 1, 1, groupText), null);
        int? tb = tabs.MarkerInTarget(ob),
            te = tabs.MarkerInTarget(oe);
        if (
            content.Count == 0
            || tb == null
            || te == null
            || TabGroups.Line(target.Blocks[tb.Value]) != TabGroups.Line(doc.Blocks[ob])
            || !TabGroups.NonBlank(target, tb.Value + 1, te.Value - 1).ToHashSet().SetEquals(inside)
        )
            return false;
        tabs.Consume([ob], old: true);
        if (!content.All(k => Kept(tabs, tabs.EditOfOld(k)!)))
        {
            tabs.ConfirmAt(
                oe,
                old: true,
                b.Changes.Count,
                "English took these blocks out of their tab group and "
                    + "changed them, but their change was not carried: remove the group's markers by hand once it is"
            );
        }
        var cuts = new[] { tb.Value, te.Value }
            .Select(m =>
            {
                // The marker's line and, when blank runs stand on both sides of it, the one on the content's side.
                int start = target.Blocks[m].Offset,
                    end = start + target.Blocks[m].Text.Length;
                bool blanks =
                    m > 0
                    && target.Blocks[m - 1].Kind == BlockKind.Blank
                    && m + 1 < target.Blocks.Count
                    && target.Blocks[m + 1].Kind == BlockKind.Blank;
                if (blanks && m == tb.Value)
                    end += target.Blocks[m + 1].Text.Length;
                if (blanks && m == te.Value)
                    start = target.Blocks[m - 1].Offset;
                b.Relocated.Add(Span(target, [m])); // located by the content next to it
                return b.Edit(start, end - start, "");
            })
            .ToList();
        int from = cuts[0].Start,
            to = cuts[1].End;
        // What English adds right after the content goes after the end marker's line, which is cut from there.
        tabs.MoveAfter(oe, old: true, cuts[1].Start, cuts[1].End);
        b.Change(
            new(
                ChangeKind.Deleted,
                $"English took {content.Count} block(s) out of their tab group "
                    + $"({TabGroups.Line(doc.Blocks[ob])}): its markers removed from the translation, the content kept",
                english,
                Lines(target, [tb.Value, te.Value]),
                [],
                false
            )
            {
                EnglishBefore = excerpt,
            },
            new TextRange(from, to - from),
            null,
            default(StructureCount) - StructureCount.Of(groupText),
            cuts
        );
        return true;
    }

    /// <summary>The end marker of the group of old begin marker <paramref name="o"/> when the group's content changed
    /// otherwise than cosmetically (a block of it changed, added or removed); null when it is kept or
    /// <paramref name="o"/> is an end marker.</summary>
    int? GroupEnd(TabGroups tabs, int o)
    {
        if (tabs.Old.Blocks[o].Kind != BlockKind.TabBegin)
            return null;
        int oe = TabGroups.EndOf(tabs.Old, o);
        int nb = tabs.EditOfOld(o)!.New!.Value,
            ne = tabs.EditOfOld(oe)!.New!.Value;
        var oldContent = TabGroups.NonBlank(tabs.Old, o + 1, oe - 1);
        var newContent = TabGroups.NonBlank(tabs.New, nb + 1, ne - 1);
        bool kept =
            oldContent.Count == newContent.Count
            && oldContent.All(k => tabs.EditOfOld(k) is { New: int n } e && newContent.Contains(n) && Kept(tabs, e));
        return kept ? null : oe;
    }

    /// <summary>
    /// A marker line English changed (a framework added to or taken from its list, a relabelled group): patched in
    /// place when the group is the same group in both Englishes and the translation has exactly the old line at the
    /// located place; the content stays byte for byte. Anything else is a review item, never a guess.
    /// </summary>
    bool MarkerChanged(Builder b, TabGroups tabs, int o, int n, ref int? after)
    {
        var (oldBlock, newBlock, target) = (tabs.Old.Blocks[o], tabs.New.Blocks[n], tabs.Target);
        var (oldLine, newLine) = (TabGroups.Line(oldBlock), TabGroups.Line(newBlock));
        int? t = TabGroups.IsMarker(oldBlock) && oldBlock.Kind == newBlock.Kind ? tabs.MarkerInTarget(o) : null;
        after = t is int at ? End(target, [at]) : null;
        LineRange? lines = t is int l ? Lines(target, [l]) : null;
        var have = t is int h ? TabGroups.Line(target.Blocks[h]) : null;
        var (before, afterExcerpt) = EnglishExcerpt.Of(oldBlock, newBlock);
        void Record(ChangeKind kind, string reason, bool review, TextRange? where = null, TextEdit? patch = null) =>
            b.Change(
                new(kind, reason, Lines(newBlock), lines, [], review)
                {
                    EnglishBefore = before,
                    EnglishAfter = afterExcerpt,
                },
                where,
                null,
                patch == null ? default : Delta(oldBlock, newBlock),
                patch == null ? null : [patch]
            );
        var what = $"tab group marker changed in English ({oldLine} → {newLine})";
        if (oldBlock.Kind != newBlock.Kind)
            Record(ChangeKind.Review, "tab group marker changed in English into other text: change it by hand", true);
        else if (oldLine == newLine)
            Record(ChangeKind.Kept, "tab group marker changed in layout only", false);
        else if (!tabs.SameGroup(o))
            Record(ChangeKind.Review, $"{what} where English splits or joins its groups: regroup them by hand", true);
        else if (t == null)
            Record(
                ChangeKind.Review,
                $"{what}, but its translation could not be located with confidence: change it " + "by hand",
                true
            );
        else if (have == newLine)
            Record(ChangeKind.Kept, $"{what}; the translation has it already", false);
        else if (have != oldLine)
            Record(ChangeKind.Review, $"{what}, but the translation's marker there is {have}: change it by hand", true);
        else
        {
            var marker = target.Blocks[t.Value];
            var where = Span(target, [t.Value]);
            if (!tabs.Located.ContainsKey(o))
                b.Relocated.Add(where); // located by the content next to it
            if (GroupEnd(tabs, o) is int end)
            {
                tabs.ConfirmAt(
                    end,
                    old: true,
                    b.Changes.Count,
                    $"{what} and its content changed too, but that change "
                        + "was not carried: change the marker by hand once it is"
                );
            }
            Record(
                ChangeKind.Patched,
                $"{what}: patched in the translation, its content kept",
                false,
                where,
                b.Edit(marker.Offset, have!.Length, newLine)
            );
        }
        return true;
    }
}
