namespace Amts.Bot.Markdown;

/// <summary>What checking one file found: counts, and every way in which it is not lossless.</summary>
internal sealed record FileCheck(
    string Path,
    int Blocks,
    int ProtectedSpans,
    IReadOnlyList<string> Failures,
    IReadOnlyList<MarkdownDiagnostic> Warnings
)
{
    public bool IsLossless => Failures.Count == 0;
}

/// <summary>
/// Proves, for one file, the two round trips everything else relies on: blocks render back to the exact bytes,
/// and every prose segment comes back exactly from masking and an identity translation (in both placeholder styles).
/// </summary>
internal static class LosslessCheck
{
    public static FileCheck Run(ReadOnlySpan<byte> bytes, string path)
    {
        string text;
        try
        {
            text = SourceText.Decode(bytes, path);
        }
        catch (MarkdownInputException e)
        {
            return new FileCheck(path, 0, 0, [e.Message], []);
        }
        var failures = new List<string>();
        var doc = MarkdownDocument.Parse(text, path);
        var rendered = doc.Render();
        if (!SourceText.Encode(rendered).AsSpan().SequenceEqual(bytes))
            failures.Add($"{path}:{FirstDifferenceLine(text, rendered)}: blocks do not render back to the file");
        int spanCount = 0;
        foreach (var block in doc.Blocks)
        {
            if (!block.IsProse)
                continue;
            var spans = ProtectedSpans.Find(block.Text);
            spanCount += spans.Count;
            foreach (var segment in ProseSegments.Of(block))
            {
                foreach (var style in new[] { PlaceholderStyle.KeepContent, PlaceholderStyle.Empty })
                {
                    var masked = Masking.MaskRange(block.Text, segment, spans, style);
                    var back = Masking.Unmask(masked.Html, masked);
                    if (!back.IsIntact || back.Text != segment.Of(block.Text))
                    {
                        int line = block.Line + block.Text[..segment.Start].Count(c => c == '\n');
                        failures.Add(
                            $"{path}:{line}: masking round trip ({style}) changed the text"
                                + (back.IsIntact ? "" : ": " + string.Join("; ", back.Problems))
                        );
                        break;
                    }
                }
            }
        }
        return new FileCheck(path, doc.Blocks.Count, spanCount, failures, doc.Diagnostics);
    }

    static int FirstDifferenceLine(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length),
            i = 0;
        while (i < n && a[i] == b[i])
            i++;
        return 1 + a.AsSpan(0, i).Count('\n');
    }
}
