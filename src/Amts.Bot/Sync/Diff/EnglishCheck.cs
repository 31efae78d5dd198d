using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

internal enum FindingKind
{
    /// <summary>The new English does not parse as it should (unclosed fence, <c>$$</c>, comment, tab group) or its
    /// block structure changed where its lines did not.</summary>
    BrokenEnglish,

    /// <summary>The new English is not UTF-8 text (NUL bytes, invalid sequences).</summary>
    NotText,

    /// <summary>The new English lost most of its prose at once (emptied or cut).</summary>
    Shrunk,

    /// <summary>The range's English is older than the English the translation already follows.</summary>
    OlderThanBase,

    /// <summary>The translation's English already holds this range's edits (it was made from later English): nothing to
    /// carry, and carrying the rest of the difference would turn newer text back into older.</summary>
    AlreadyCarried,

    /// <summary>The translation as the sync would write it fails a rule of <see cref="OutputVerifier"/>: nothing of the
    /// file is written.</summary>
    OutputCheck,
}

/// <summary>Why a whole file is held for review: nothing of it is applied. <see cref="Line"/> is a line of the new
/// English (1-based; 0 when it concerns the whole file), for an annotation on the push.</summary>
internal sealed record FileFinding(FindingKind Kind, string Path, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Path}:{Line}: {Message}" : $"{Path}: {Message}";
}

/// <summary>How many tab-group markers and fence lines a piece of Markdown holds: what the translation's structure
/// is made of, compared before and after each change.</summary>
internal readonly record struct StructureCount(int TabBegins, int TabEnds, int Fences)
{
    public static StructureCount Of(string text)
    {
        int begins = 0,
            ends = 0,
            fences = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var t = line.TrimStart(' ');
            if (line.Length - t.Length > 3)
                continue;
            if (t.StartsWith(":begin_tab:", StringComparison.Ordinal))
                begins++;
            else if (t.StartsWith(":end_tab:", StringComparison.Ordinal))
                ends++;
            else if (t.StartsWith("```", StringComparison.Ordinal) || t.StartsWith("~~~", StringComparison.Ordinal))
                fences++;
        }
        return new(begins, ends, fences);
    }

    public static StructureCount operator -(StructureCount a, StructureCount b) =>
        new(a.TabBegins - b.TabBegins, a.TabEnds - b.TabEnds, a.Fences - b.Fences);

    public static StructureCount operator +(StructureCount a, StructureCount b) =>
        new(a.TabBegins + b.TabBegins, a.TabEnds + b.TabEnds, a.Fences + b.Fences);

    public bool IsZero => TabBegins == 0 && TabEnds == 0 && Fences == 0;

    public override string ToString() =>
        $"{TabBegins:+0;-0;0} :begin_tab:, {TabEnds:+0;-0;0} :end_tab:, {Fences:+0;-0;0} fence line(s)";
}

/// <summary>
/// Distrust of the new English of one file, before anything is planned on it: a file the English broke (or emptied,
/// or replaced by something that is not text) is held whole for review, so that a stray <c>$$</c> or an unclosed fence
/// in the English cannot turn human headings and paragraphs into "changed blocks".
/// </summary>
internal static class EnglishCheck
{
    /// <summary>More than this share of the old English prose lines removed in one range, leaving fewer than the rest,
    /// is a shrink, held for review (a rewrite that removes as much as it adds is not).
    /// Half: in the 30 real commits of d2l-en the largest legitimate cut is a rewritten section well below that
    /// (tests/data corpus), while the damage seen (an emptied file, 530 → 78 lines) is far above.</summary>
    public const double MaxProseLinesRemoved = 0.5;

    /// <summary>Files with fewer prose lines than this are too small for the share to mean anything (a stub
    /// README).</summary>
    public const int MinProseLinesForShrink = 10;

    /// <summary>Block kinds that swallow the lines after an opener: an unchanged line that moves in or out of one of
    /// them was captured (or released) by a fence, <c>$$</c>, comment or HTML block the English broke.</summary>
    static bool Swallowing(BlockKind k) =>
        k is BlockKind.Code or BlockKind.Toc or BlockKind.DisplayMath or BlockKind.Comment or BlockKind.Html;

    public static IReadOnlyList<FileFinding> Check(MarkdownDocument oldEnglish, MarkdownDocument newEnglish)
    {
        var findings = new List<FileFinding>();
        var path = newEnglish.Path;
        var text = newEnglish.Text;
        int nul = text.IndexOf('\0'),
            bad = text.IndexOf('\uFFFD');
        if (nul >= 0 || (bad >= 0 && !oldEnglish.Text.Contains('\uFFFD')))
        {
            int at = nul >= 0 ? nul : bad;
            findings.Add(
                new(
                    FindingKind.NotText,
                    path,
                    LineAt(text, at),
                    $"the new English is not UTF-8 text ({(nul >= 0 ? "a NUL byte" : "an invalid byte sequence")} at "
                        + $"line {LineAt(text, at)}): nothing of it is written into the translation; fix the English "
                        + "file"
                )
            );
            return findings;
        }

        // Parser diagnostics (never-closed fences, $$, comments) that the old English did not have.
        var oldDiag = oldEnglish.Diagnostics.GroupBy(d => Kind(d.Message)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var g in newEnglish.Diagnostics.GroupBy(d => Kind(d.Message)))
            if (g.Count() > oldDiag.GetValueOrDefault(g.Key))
            {
                var d = g.Last();
                findings.Add(new(FindingKind.BrokenEnglish, path, d.Line, $"the new English is broken: {d.Message}"));
            }

        // Tab groups: every :begin_tab: closed by an :end_tab: before the next one opens.
        var oldTabs = TabProblem(oldEnglish);
        var newTabs = TabProblem(newEnglish);
        if (newTabs != null && oldTabs == null)
            findings.Add(
                new(
                    FindingKind.BrokenEnglish,
                    path,
                    newTabs.Value.Line,
                    $"the new English is broken: {newTabs.Value.Message}"
                )
            );

        // Lines the line diff calls unchanged must stay in the same kind of block; a line that a fence, $$ or comment
        // opened elsewhere now swallows means the English structure changed in a way its edit does not explain.
        if (findings.Count == 0)
        {
            var oldLines = LineKinds(oldEnglish);
            var newLines = LineKinds(newEnglish);
            foreach (
                var (a, b) in BlockDiff.Lcs(
                    oldLines.Select(l => l.Text).ToList(),
                    newLines.Select(l => l.Text).ToList()
                )
            )
            {
                var (ka, kb) = (oldLines[a].Kind, newLines[b].Kind);
                if (string.IsNullOrWhiteSpace(oldLines[a].Text))
                    continue;
                if (ka == kb && Swallowing(ka) && oldLines[a].First != newLines[b].First)
                {
                    // A fence or $$ line that opened a block now sits inside one (or the reverse): two blocks merged or
                    // split.
                    findings.Add(
                        new(
                            FindingKind.BrokenEnglish,
                            path,
                            newLines[b].Line,
                            $"the new English is broken: line {newLines[b].Line} did not change but "
                                + $"{(oldLines[a].First ? "no longer opens" : "now opens")} a {Name(ka)} block (a "
                                + "fence or $$ added or removed alone?)"
                        )
                    );
                    break;
                }
                if (ka == kb || !(Swallowing(ka) || Swallowing(kb)))
                    continue;
                findings.Add(
                    new(
                        FindingKind.BrokenEnglish,
                        path,
                        newLines[b].Line,
                        $"the new English is broken: line {newLines[b].Line} did not change but is now parsed as "
                            + $"{Name(kb)} instead of {Name(ka)} (an unclosed or stray fence, $$ or comment above it?)"
                    )
                );
                break;
            }
        }

        // Most of the prose gone at once: held, never a wipe.
        var oldProse = ProseLines(oldEnglish);
        var newProse = ProseLines(newEnglish);
        bool emptied = string.IsNullOrWhiteSpace(newEnglish.Text) && !string.IsNullOrWhiteSpace(oldEnglish.Text);
        int keptLines = oldProse.Count == 0 ? 0 : BlockDiff.Lcs(oldProse, newProse).Count;
        int removed = oldProse.Count - keptLines;
        if (emptied)
            findings.Add(
                new(
                    FindingKind.Shrunk,
                    path,
                    0,
                    "the new English file is empty: the translation is kept as it is; delete the file in English if "
                        + "that is meant"
                )
            );
        else if (
            oldProse.Count >= MinProseLinesForShrink
            && removed > MaxProseLinesRemoved * oldProse.Count
            && newProse.Count < (1 - MaxProseLinesRemoved) * oldProse.Count
        )
            findings.Add(
                new(
                    FindingKind.Shrunk,
                    path,
                    0,
                    $"the new English removed {removed} of its {oldProse.Count} prose lines (more than "
                        + $"{MaxProseLinesRemoved:P0}) in one range: held for review, nothing removed from the "
                        + "translation"
                )
            );
        return findings;
    }

    static int LineAt(string text, int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < text.Length; i++)
            if (text[i] == '\n')
                line++;
        return line;
    }

    static string Kind(string message) =>
        message.Contains("fence") ? "fence"
        : message.Contains("$$") ? "math"
        : message.Contains("comment") ? "comment"
        : message;

    static string Name(BlockKind k) =>
        k switch
        {
            BlockKind.DisplayMath => "display math",
            BlockKind.Code => "code",
            _ => k.ToString().ToLowerInvariant(),
        };

    static (int Line, string Message)? TabProblem(MarkdownDocument doc)
    {
        Block? open = null;
        foreach (var b in doc.Blocks)
        {
            if (b.Kind == BlockKind.TabBegin)
            {
                if (open != null)
                    return (
                        open.Line,
                        $":begin_tab: at line {open.Line} is not closed before the next :begin_tab: at line {b.Line}"
                    );
                open = b;
            }
            else if (b.Kind == BlockKind.TabEnd)
            {
                if (open == null)
                    return (b.Line, $":end_tab: at line {b.Line} closes no tab group");
                open = null;
            }
        }
        return open == null ? null : (open.Line, $":begin_tab: at line {open.Line} is never closed");
    }

    static List<(string Text, BlockKind Kind, int Line, bool First)> LineKinds(MarkdownDocument doc)
    {
        var lines = new List<(string, BlockKind, int, bool)>();
        foreach (var b in doc.Blocks)
        {
            var parts = b.Text.Split('\n');
            int n = b.Text.EndsWith('\n') ? parts.Length - 1 : parts.Length;
            for (int k = 0; k < n; k++)
                lines.Add((parts[k].TrimEnd('\r'), b.Kind, b.Line + k, k == 0));
        }
        return lines;
    }

    static List<string> ProseLines(MarkdownDocument doc) =>
        doc
            .Blocks.Where(b => b.IsProse)
            .SelectMany(b => b.Text.Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToList();
}

/// <summary>Refuses a range whose English is older than the English a translation already follows.</summary>
internal static class RangeCheck
{
    /// <summary>Share of the range's added lines already in the base, and of its removed lines already gone from it,
    /// from which the base is taken to be newer than the range: 0.8 leaves room for a line that changed again
    /// later.</summary>
    public const double AlreadyCarried = 0.8;

    /// <summary>
    /// A finding when the range <paramref name="rangeOld"/> → <paramref name="rangeNew"/> is older than the file's base
    /// English <paramref name="baseEnglish"/> (its <c>_origin.md</c>): the base is one of the English versions after
    /// the range (<paramref name="laterEnglish"/>, when the runner knows them), or it already holds the range's edits
    /// and more. Carrying such a range would turn newer human text back into older English. Null when the range may be
    /// applied.
    /// </summary>
    public static FileFinding? OlderThanBase(
        string path,
        string baseEnglish,
        string rangeOld,
        string rangeNew,
        IEnumerable<string> laterEnglish
    )
    {
        if (baseEnglish == rangeNew || baseEnglish == rangeOld)
            return null;
        const string message =
            "the range's English is older than the English this translation already follows (its _origin.md): "
            + "nothing of it is applied; sync a range that starts at or after the translation's English";
        if (laterEnglish.Any(l => l == baseEnglish))
            return new(FindingKind.OlderThanBase, path, 0, message);
        var o = rangeOld.Split('\n');
        var n = rangeNew.Split('\n');
        var common = BlockDiff.Lcs(o, n);
        var removed = Enumerable
            .Range(0, o.Length)
            .Except(common.Select(c => c.A))
            .Select(i => o[i])
            .Where(l => l.Trim().Length > 0)
            .ToList();
        // Only lines the old English did not have anywhere are evidence (a new "```" or ":end_tab:" line is in every
        // base).
        var oldLines = o.ToHashSet(StringComparer.Ordinal);
        var added = Enumerable
            .Range(0, n.Length)
            .Except(common.Select(c => c.B))
            .Select(i => n[i])
            .Where(l => l.Trim().Length > 0 && !oldLines.Contains(l))
            .ToList();
        if (added.Count == 0)
            return null;
        var baseLines = baseEnglish.Split('\n').ToHashSet(StringComparer.Ordinal);
        double carried = (double)added.Count(baseLines.Contains) / added.Count;
        double gone = removed.Count == 0 ? 1 : (double)removed.Count(l => !baseLines.Contains(l)) / removed.Count;
        return carried >= AlreadyCarried && gone >= AlreadyCarried
            ? new(
                FindingKind.AlreadyCarried,
                path,
                0,
                "the English this translation follows (its _origin.md) already has this range's edits: nothing carried"
            )
            : null;
    }
}
