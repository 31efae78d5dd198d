using Amts.Bot.Markdown;

namespace Amts.Bot.Evaluation;

/// <summary>
/// Builds a large hypothesis/reference pair from a real book for speed benchmarks: every prose sentence of the
/// book is a reference; its hypothesis is the same sentence with a deterministic edit (a word or character dropped,
/// two swapped), varied on each pass so repeated sentences do not score identically.
/// </summary>
internal static class BenchmarkCorpus
{
    public static (List<string> Hypotheses, List<string> References) Build(
        string bookFolder,
        string language,
        int lines
    )
    {
        var splitter = SentenceSplitter.For(language);
        var sentences = new List<string>();
        foreach (
            var file in Directory
                .EnumerateFiles(bookFolder, "*.md", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
        )
        {
            if (file.EndsWith("_origin.md"))
                continue;
            var doc = MarkdownDocument.Load(file);
            foreach (var block in doc.Blocks.Where(b => b.Kind == BlockKind.Paragraph))
            foreach (var r in splitter.Split(block.Text, ProtectedSpans.Find(block.Text)))
            {
                var s = string.Join(' ', r.Of(block.Text).Split('\n', StringSplitOptions.TrimEntries));
                if (s.Length > 0)
                    sentences.Add(s);
            }
        }
        if (sentences.Count == 0)
            throw new InvalidOperationException($"no prose sentences under {bookFolder}");
        var hyps = new List<string>(lines);
        var refs = new List<string>(lines);
        bool byWord = language.StartsWith("en");
        for (int i = 0; i < lines; i++)
        {
            var reference = sentences[i % sentences.Count];
            refs.Add(reference);
            hyps.Add(Perturb(reference, i / sentences.Count + i, byWord));
        }
        return (hyps, refs);
    }

    static string Perturb(string s, int seed, bool byWord)
    {
        if (byWord)
        {
            var words = s.Split(' ').ToList();
            if (words.Count < 3)
                return s;
            int k = seed % words.Count;
            if (seed % 3 == 0)
                words.RemoveAt(k);
            else if (seed % 3 == 1)
                (words[k], words[(k + 1) % words.Count]) = (words[(k + 1) % words.Count], words[k]);
            return string.Join(' ', words);
        }
        if (s.Length < 4)
            return s;
        int p = seed % (s.Length - 1);
        if (char.IsSurrogate(s[p]) || char.IsSurrogate(s[p + 1]))
            return s;
        return seed % 2 == 0 ? s.Remove(p, 1) : s[..p] + s[p + 1] + s[p] + s[(p + 2)..];
    }
}
