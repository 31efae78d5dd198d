using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>One entry line of a d2lbook toc block: where its text stands in the file (after its indentation), the
/// text as written, the file it names (resolved against the file's folder, with <c>.md</c>), and which toc block of
/// the file it belongs to (0, 1, ... in the order of the file).</summary>
internal sealed record TocEntry(int Start, int Length, string Text, string Path, int Block)
{
    public int End => Start + Length;
}

/// <summary>
/// The book's structure as d2lbook reads it: <c>```toc</c> blocks list chapter files, one entry per line, relative to
/// the file, without <c>.md</c>; lines starting with <c>:</c> are options (<c>:maxdepth: 2</c>), and globs and URLs
/// name no single file. The book is what the root <c>index.md</c> reaches, transitively through the chapters' tocs.
/// </summary>
internal static class Toc
{
    /// <summary>The root of the book: d2lbook builds from it, and a chapter no toc reaches from it is not in the
    /// book.</summary>
    public const string Root = "index.md";

    /// <summary>The entry lines of the toc blocks of a file, in order.</summary>
    public static IReadOnlyList<TocEntry> Entries(string text, string path)
    {
        if (!text.Contains("```toc", StringComparison.Ordinal))
            return [];
        var dir = Folder(path);
        var entries = new List<TocEntry>();
        int blockIndex = 0;
        foreach (var block in MarkdownDocument.Parse(text, path).Blocks.Where(b => b.Kind == BlockKind.Toc))
        {
            int offset = block.Offset;
            var lines = block.Text.Split('\n');
            for (int i = 0; i < lines.Length; offset += lines[i].Length + 1, i++)
            {
                if (i == 0 || i == lines.Length - 1 && lines[i].Length == 0)
                    continue;
                var line = lines[i].Trim();
                if (
                    line.Length == 0
                    || line.StartsWith(':')
                    || line.StartsWith("```", StringComparison.Ordinal)
                    || line.Contains('*', StringComparison.Ordinal)
                    || line.Contains("://", StringComparison.Ordinal)
                )
                    continue;
                int lead = lines[i].Length - lines[i].TrimStart().Length;
                var file = line.EndsWith(".md", StringComparison.Ordinal) ? line : line + ".md";
                var resolved = Normalize(dir.Length == 0 ? file : dir + "/" + file);
                entries.Add(new TocEntry(offset + lead, line.Length, line, resolved, blockIndex));
            }
            blockIndex++;
        }
        return entries;
    }

    /// <summary>The files the book reaches: <paramref name="root"/> and, transitively, every existing file a toc of a
    /// reached file lists. <paramref name="files"/>: path → text (other files, such as <c>_origin.md</c>, may be
    /// there; only what a toc names is followed).</summary>
    public static HashSet<string> Reachable(IReadOnlyDictionary<string, string> files, string root = Root)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        if (!files.ContainsKey(root))
            return reached;
        var queue = new Queue<string>([root]);
        reached.Add(root);
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            foreach (var entry in Entries(files[path], path))
                if (files.ContainsKey(entry.Path) && reached.Add(entry.Path))
                    queue.Enqueue(entry.Path);
        }
        return reached;
    }

    /// <summary>The chapter files of <paramref name="files"/> (in a folder, not an <c>_origin.md</c>) that the root
    /// toc does not reach, in order. The root itself and top-level files are not chapters.</summary>
    public static IReadOnlyList<string> Unreachable(IReadOnlyDictionary<string, string> files)
    {
        var reached = Reachable(files);
        return files
            .Keys.Where(p => p.Contains('/', StringComparison.Ordinal) && !Alignment.Book.IsOriginFile(p))
            .Where(p => !reached.Contains(p))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The toc entry (no <c>.md</c>) naming <paramref name="file"/> from a file in folder
    /// <paramref name="dir"/>.</summary>
    public static string EntryFor(string dir, string file)
    {
        var from = dir.Length == 0 ? [] : dir.Split('/');
        var stem = file.EndsWith(".md", StringComparison.Ordinal) ? file[..^3] : file;
        var to = stem.Split('/');
        int common = 0;
        while (common < from.Length && common < to.Length - 1 && from[common] == to[common])
            common++;
        return string.Join('/', Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)));
    }

    /// <summary>The folder of a path, with <c>/</c> ("" at the top).</summary>
    public static string Folder(string path) => Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "";

    static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "." or "")
                continue;
            if (part == ".." && parts.Count > 0)
                parts.RemoveAt(parts.Count - 1);
            else
                parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
