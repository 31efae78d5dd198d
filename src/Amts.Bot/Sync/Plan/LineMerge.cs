using Amts.Bot.Alignment;

namespace Amts.Bot.Sync;

/// <summary>A region the two sides changed differently: the English code is taken and a person must look.</summary>
internal sealed record MergeConflict(
    int OursLine,
    IReadOnlyList<string> Base,
    IReadOnlyList<string> Ours,
    IReadOnlyList<string> Theirs
);

/// <summary>The merged cell; <see cref="EnglishComments"/> are English comments that changed or are new and
/// still need a translator (they are in the cell in English where the translation had none);
/// <see cref="DeletedComments"/> and <see cref="KeptComments"/> are comment lines of the translation where the
/// English removed comments.</summary>
internal sealed record MergeResult(
    IReadOnlyList<string> Lines,
    IReadOnlyList<MergeConflict> Conflicts,
    IReadOnlyList<string> EnglishComments
)
{
    /// <summary>Comment lines of the translation removed because the English removed the comment they
    /// translate.</summary>
    public IReadOnlyList<string> DeletedComments { get; init; } = [];

    /// <summary>Comment lines of the translation kept although the English removed comments there: which of them
    /// translate the removed ones is not certain, so a person decides.</summary>
    public IReadOnlyList<string> KeptComments { get; init; } = [];
}

/// <summary>
/// Three-way merge for code cells: base = the old English cell, theirs = the new English cell, ours = the
/// translated cell. A translation changes comments and nothing else, so the merge runs over code lines only, each
/// carrying the comment-only lines above it; lines match by their code (the part before a <c>#</c> comment).
/// Code changes arrive; translated comments stay, and an English comment that changed is listed for a translator;
/// where both sides changed the same code, the English code is taken and the region is reported as a conflict.
/// </summary>
internal static class LineMerge
{
    /// <summary>A code line with the comment-only lines above it; <see cref="Line"/> is null for comments at the
    /// end.</summary>
    sealed record Entry(IReadOnlyList<string> Comments, string? Line, int FirstLine)
    {
        public string Key => Line == null ? "\u0001end" : CodeOf(Line);

        public bool SameAs(Entry other) => Line == other.Line && Comments.SequenceEqual(other.Comments);

        public IEnumerable<string> All => Line == null ? Comments : Comments.Append(Line);
    }

    public static MergeResult Merge(
        IReadOnlyList<string> baseLines,
        IReadOnlyList<string> theirs,
        IReadOnlyList<string> ours
    )
    {
        var b = Entries(baseLines);
        var t = Entries(theirs);
        var o = Entries(ours);
        var keysB = b.Select(e => e.Key).ToList();
        var toTheirs = BlockDiff.Lcs(keysB, t.Select(e => e.Key).ToList()).ToDictionary(p => p.A, p => p.B);
        var toOurs = BlockDiff.Lcs(keysB, o.Select(e => e.Key).ToList()).ToDictionary(p => p.A, p => p.B);
        var state = new State();
        int bi = 0,
            ti = 0,
            oi = 0;
        while (true)
        {
            int sync = bi;
            while (
                sync < b.Count
                && !(
                    toTheirs.TryGetValue(sync, out var ts)
                    && ts >= ti
                    && toOurs.TryGetValue(sync, out var os)
                    && os >= oi
                )
            )
                sync++;
            int tEnd = sync < b.Count ? toTheirs[sync] : t.Count;
            int oEnd = sync < b.Count ? toOurs[sync] : o.Count;
            MergeChunk(b[bi..sync], t[ti..tEnd], o[oi..oEnd], state);
            if (sync >= b.Count)
                break;
            MergeEntry(b[sync], t[tEnd], o[oEnd], state);
            (bi, ti, oi) = (sync + 1, tEnd + 1, oEnd + 1);
        }
        return new MergeResult(state.Output, state.Conflicts, state.English)
        {
            DeletedComments = state.Deleted,
            KeptComments = state.Kept,
        };
    }

    sealed class State
    {
        public readonly List<string> Output = [];
        public readonly List<MergeConflict> Conflicts = [];
        public readonly List<string> English = [];
        public readonly List<string> Deleted = [];
        public readonly List<string> Kept = [];
    }

    static List<Entry> Entries(IReadOnlyList<string> lines)
    {
        var entries = new List<Entry>();
        var comments = new List<string>();
        int first = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            if (comments.Count == 0)
                first = i;
            if (IsCommentOnly(lines[i]))
            {
                comments.Add(lines[i]);
                continue;
            }
            entries.Add(new Entry(comments.ToList(), lines[i], first + 1));
            comments.Clear();
        }
        if (comments.Count > 0)
            entries.Add(new Entry(comments.ToList(), null, first + 1));
        return entries;
    }

    /// <summary>One entry kept (by code) on both sides.</summary>
    static void MergeEntry(Entry b, Entry t, Entry o, State s)
    {
        MergeComments(b.Comments, t.Comments, o.Comments, s);
        if (t.Line == null)
            return;
        if (t.Line == b.Line)
            s.Output.Add(o.Line!);
        else if (o.Line == b.Line)
            s.Output.Add(t.Line); // the translation left the line as the English had it
        else if (
            CommentOf(t.Line).Length == 0
            && CodeOf(t.Line) == CodeOf(b.Line!)
            && CodeOf(o.Line!) == CodeOf(b.Line!)
        )
        {
            // The English removed its end-of-line comment: the translation's comment on the same line translates it.
            s.Output.Add(t.Line);
            if (CommentOf(o.Line!).Length > 0)
                s.Deleted.Add(CommentOf(o.Line!).Trim());
        }
        else if (CodeOf(t.Line) == CodeOf(b.Line!) && CommentOf(t.Line) != CommentOf(b.Line!))
        {
            // only the English end-of-line comment changed
            s.Output.Add(CommentOf(o.Line!).Length > 0 ? o.Line! : t.Line);
            s.English.Add(CommentOf(t.Line).Trim());
        }
        else if (CommentOf(t.Line) == CommentOf(b.Line!) && CommentOf(o.Line!).Length > 0)
            s.Output.Add(CodeOf(t.Line, keepSpacing: true) + CommentOf(o.Line!)); // new code, translated comment kept
        else
            s.Output.Add(t.Line);
    }

    /// <summary>
    /// The comment lines above one code line. Unchanged in English: the translation's. Left by the translation as
    /// the old English had them: the new English's. Lines the English only removed: where the translation has a
    /// comment line for each old English one, the lines at the removed ones' places go too; otherwise nothing is
    /// removed and the translation's lines are listed for a person (<see cref="MergeResult.KeptComments"/>).
    /// Reworded or added English comments: the translated ones stay and the new English is listed for a translator
    /// (a rewrapped or reworded comment is no reason to lose a translation); only where the translation has no
    /// comment of its own does the English come in.
    /// </summary>
    static void MergeComments(IReadOnlyList<string> b, IReadOnlyList<string> t, IReadOnlyList<string> o, State s)
    {
        if (t.SequenceEqual(b))
        {
            s.Output.AddRange(o);
            return;
        }
        if (o.SequenceEqual(b))
        {
            s.Output.AddRange(t);
            s.English.AddRange(t.Except(b));
            return;
        }
        var common = BlockDiff.Lcs(b, t);
        if (common.Count == t.Count && o.Count > 0)
        {
            // Only removals.
            if (o.Count != b.Count)
            {
                s.Output.AddRange(o);
                s.Kept.AddRange(o);
                return;
            }
            var keep = common.Select(p => p.A).ToHashSet();
            for (int k = 0; k < o.Count; k++)
                if (keep.Contains(k))
                    s.Output.Add(o[k]);
                else
                    s.Deleted.Add(o[k].Trim());
            return;
        }
        s.Output.AddRange(o.Count > 0 ? o : t);
        s.English.AddRange(t.Except(b));
    }

    static void MergeChunk(List<Entry> b, List<Entry> t, List<Entry> o, State s)
    {
        if (b.Count == 0 && t.Count == 0 && o.Count == 0)
            return;
        bool theirsUnchanged = t.Count == b.Count && t.Zip(b).All(p => p.First.SameAs(p.Second));
        if (theirsUnchanged)
        {
            foreach (var e in o)
                s.Output.AddRange(e.All);
            return;
        }
        if (t.Select(e => e.Key).SequenceEqual(o.Select(e => e.Key)))
        {
            foreach (var e in o)
                s.Output.AddRange(e.All);
            return;
        }
        if (o.Select(e => e.Key).SequenceEqual(b.Select(e => e.Key)) && t.Count == b.Count)
        {
            for (int k = 0; k < t.Count; k++)
                MergeEntry(b[k], t[k], o[k], s);
            return;
        }
        if (o.Select(e => e.Key).SequenceEqual(b.Select(e => e.Key)))
        {
            // Only the English changed, with lines added or removed: the English code, its comments listed for
            // translation.
            foreach (var e in t)
            {
                s.Output.AddRange(e.All);
                s.English.AddRange(
                    e.Comments.Concat(e.Line != null && CommentOf(e.Line).Length > 0 ? [CommentOf(e.Line)] : [])
                );
            }
            return;
        }
        if (b.Count > 1 && b.Count == t.Count && b.Count == o.Count)
        {
            for (int k = 0; k < b.Count; k++)
                MergeChunk([b[k]], [t[k]], [o[k]], s);
            return;
        }
        s.Conflicts.Add(
            new MergeConflict(
                o.Count > 0 ? o[0].FirstLine : 0,
                b.SelectMany(e => e.All).ToList(),
                o.SelectMany(e => e.All).ToList(),
                t.SelectMany(e => e.All).ToList()
            )
        );
        foreach (var e in t)
            s.Output.AddRange(e.All);
    }

    static bool IsCommentOnly(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith('#') && !IsDirective(trimmed);
    }

    /// <summary>d2lbook's directives (<c>#@tab mxnet</c>, <c>#@save</c>, <c>#@hide</c>, … — any <c>#@word</c>) are
    /// code, never comments: d2lbook reads them to decide which framework runs a cell and what goes into the library,
    /// so a change of one is carried like any other code change.</summary>
    public static bool IsDirective(string commentOrLine) =>
        commentOrLine.TrimStart().StartsWith("#@", StringComparison.Ordinal);

    /// <summary>The code part of a line: everything before its <c>#</c> comment, unless that "comment" is a
    /// directive.</summary>
    static string CodePart(string line)
    {
        var code = BlockFeatures.StripComment(line);
        return IsDirective(line[code.Length..]) ? line : code;
    }

    /// <summary>The code of a line, before its comment; trailing spaces dropped unless asked to keep them.</summary>
    static string CodeOf(string line, bool keepSpacing = false)
    {
        var code = CodePart(line);
        return keepSpacing ? code : code.TrimEnd();
    }

    static string CommentOf(string line) => line[CodePart(line).Length..];
}
