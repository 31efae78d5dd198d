using System.Text.RegularExpressions;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// Issue 18's independent count of damage in a written translation, by plain line rules written apart from the
/// product's output check (no parser, no rule class of it is used): new nested or unbalanced slide markers, lines
/// repeated in a row, mixed line endings, unbalanced tab groups, odd fences, a lost parity of <c>:begin_tab:</c>
/// with the English, code cells written more often than the English and the translation had them, and human lines
/// copied from other files of the translation without a review item saying so.
/// </summary>
internal static partial class DamageCensus
{
    public sealed record Damage(string Class, string Path, string Detail);

    /// <summary>The damage <paramref name="after"/> shows that <paramref name="before"/> did not. Maps are path → text
    /// of the Markdown files (<c>_origin.md</c> files left out by the caller); <paramref name="reviewed"/> holds the
    /// paths whose report lists a "reused from" item; <paramref name="movedFrom"/> maps a file the sync moved to its
    /// old path.</summary>
    public static List<Damage> Count(
        IReadOnlyDictionary<string, string> englishBefore,
        IReadOnlyDictionary<string, string> englishAfter,
        IReadOnlyDictionary<string, string> before,
        IReadOnlyDictionary<string, string> after,
        IReadOnlySet<string> reviewed,
        IReadOnlyDictionary<string, string> movedFrom
    )
    {
        var found = new List<Damage>();
        var humanLines = new Lazy<Dictionary<string, List<string>>>(() => HumanLines(before));
        foreach (var (path, text) in after)
        {
            // A file the sync moved is compared with its old self.
            if (!before.TryGetValue(path, out var old) && movedFrom.TryGetValue(path, out var origin))
                before.TryGetValue(origin, out old);
            if (old == text)
                continue;
            old ??= "";
            englishAfter.TryGetValue(path, out var en);
            en ??= "";
            if (NestedSlides(text) > NestedSlides(old))
                found.Add(new("nested slide markers", path, ""));
            foreach (var (line, n) in Repeated(text))
                if (n > Repeated(old).GetValueOrDefault(line) && !Repeated(en).ContainsKey(line))
                {
                    found.Add(new("repeated lines", path, line));
                    break;
                }
            if (Mixed(text) && !Mixed(old))
                found.Add(new("mixed line endings", path, ""));
            if (!TabsBalanced(text) && (old.Length == 0 || TabsBalanced(old)))
                found.Add(new("unbalanced tab groups", path, ""));
            if (Fences(text) % 2 != 0 && Fences(old) % 2 == 0)
                found.Add(new("odd fences", path, ""));
            if (
                englishBefore.TryGetValue(path, out var enOld)
                && old.Length > 0
                && Begins(old) == Begins(enOld)
                && Begins(text) != Begins(en)
            )
                found.Add(
                    new("tab parity lost", path, $"{Begins(text)} :begin_tab: where the English has {Begins(en)}")
                );
            foreach (var (cell, n) in Cells(text))
                if (n > 1 && n > Cells(old).GetValueOrDefault(cell) && n > Cells(en).GetValueOrDefault(cell))
                {
                    found.Add(new("block inserted twice", path, cell));
                    break;
                }
            if (!reviewed.Contains(path))
            {
                var oldLines = Lines(old).ToHashSet(StringComparer.Ordinal);
                var enLines = Lines(en).ToHashSet(StringComparer.Ordinal);
                // Copied: a human line this file did not have, standing in another file that is still there (a file
                // the sync moved takes its own lines along).
                string? Source(string l) =>
                    humanLines.Value.TryGetValue(l, out var from)
                        ? from.FirstOrDefault(f => f != path && after.ContainsKey(f))
                        : null;
                var copied = Lines(text)
                    .FirstOrDefault(l =>
                        l.Length >= 20 && !oldLines.Contains(l) && !enLines.Contains(l) && Source(l) != null
                    );
                if (copied != null)
                    found.Add(
                        new(
                            "human lines copied unmarked",
                            path,
                            $"from {Source(copied)}: {copied[..Math.Min(40, copied.Length)]}"
                        )
                    );
            }
        }
        return found;
    }

    static IEnumerable<string> Lines(string text) =>
        text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    /// <summary>Lines of the translation that hold letters of its own script (not ASCII English or code), by the first
    /// file having each.</summary>
    static Dictionary<string, List<string>> HumanLines(IReadOnlyDictionary<string, string> book)
    {
        var lines = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (path, text) in book.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        foreach (var l in Lines(text).Distinct())
            if (
                l.Any(c => c > 0x7f && char.IsLetter(c))
                && !l.StartsWith('#')
                && !l.StartsWith("```", StringComparison.Ordinal)
            )
            {
                if (!lines.TryGetValue(l, out var paths))
                    lines[l] = paths = [];
                paths.Add(path);
            }
        return lines;
    }

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\(\*\*|\*\*\)|\[\*\*|\*\*\]")]
    private static partial Regex Slide();

    /// <summary>Slide-marker faults read through the file outside fences and inline code (a pair may span paragraphs,
    /// as a sentence and its equation): an opener inside an open pair, a closer with none open, a pair never
    /// closed.</summary>
    static int NestedSlides(string text)
    {
        int depth = 0,
            faults = 0;
        bool fenced = false;
        foreach (var raw in text.Replace("\r", "").Split('\n'))
        {
            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (fenced)
                continue;
            foreach (Match m in Slide().Matches(InlineCode().Replace(raw, "")))
            {
                if (m.Value[0] is '(' or '[')
                {
                    if (depth > 0)
                        faults++;
                    depth++;
                }
                else if (depth == 0)
                    faults++;
                else
                    depth--;
            }
        }
        return faults + (depth > 0 ? 1 : 0);
    }

    static Dictionary<string, int> Repeated(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var line in Lines(text))
        {
            if (line == previous && line.Count(char.IsLetter) >= 4)
                counts[line] = counts.GetValueOrDefault(line) + 1;
            previous = line;
        }
        return counts;
    }

    static bool Mixed(string text)
    {
        int crlf = Regex.Count(text, "\r\n");
        return crlf > 0 && text.Count(c => c == '\n') > crlf;
    }

    static bool TabsBalanced(string text)
    {
        bool open = false;
        foreach (var line in Lines(text))
        {
            if (line.StartsWith(":begin_tab:", StringComparison.Ordinal))
            {
                if (open)
                    return false;
                open = true;
            }
            else if (line.StartsWith(":end_tab:", StringComparison.Ordinal))
            {
                if (!open)
                    return false;
                open = false;
            }
        }
        return !open;
    }

    static int Begins(string text) => Lines(text).Count(l => l.StartsWith(":begin_tab:", StringComparison.Ordinal));

    static int Fences(string text) =>
        text.Replace("\r", "").Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));

    /// <summary>Code cells by their lines without comments (the translation translates comments), with their
    /// count.</summary>
    static Dictionary<string, int> Cells(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        List<string>? cell = null;
        foreach (var raw in text.Replace("\r", "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (cell == null)
                {
                    cell = [];
                    continue;
                }
                var key = string.Join("\n", cell);
                if (cell.Count >= 2)
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                cell = null;
                continue;
            }
            if (cell == null)
                continue;
            int hash = line.IndexOf('#');
            var code = (hash >= 0 ? line[..hash] : line).Trim();
            if (code.Length > 0 && !code.StartsWith("\"\"\"", StringComparison.Ordinal))
                cell.Add(code);
        }
        return counts;
    }
}
