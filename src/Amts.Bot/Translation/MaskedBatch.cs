using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation;

/// <summary>
/// The one home of what every HTML-aware engine does around its call: mask each segment's protected spans as
/// placeholders, wrap the segments in numbered envelopes (<see cref="SegmentEnvelope"/>), split what comes back,
/// and unmask it with the integrity check. A segment that comes back missing or damaged is a
/// <see cref="TranslationResult.NotFound"/> (it stays English, flagged for review) and the rest goes on.
/// </summary>
internal sealed class MaskedBatch
{
    public IReadOnlyList<string> Segments { get; }
    public IReadOnlyList<MaskedText> Masked { get; }

    public MaskedBatch(IReadOnlyList<string> segments, PlaceholderStyle style)
    {
        Segments = segments;
        Masked = segments.Select(s => Masking.Mask(s, ProtectedSpans.Find(s), style)).ToList();
    }

    public string Html(int i) => Masked[i].Html;

    /// <summary>Bytes of UTF-8 the segment takes on the wire, envelope included.</summary>
    public int WireBytes(int i) => Encoding.UTF8.GetByteCount(SegmentEnvelope.Wrap(i, Masked[i].Html));

    public string Wrap(IEnumerable<int> indices) =>
        string.Concat(indices.Select(i => SegmentEnvelope.Wrap(i, Masked[i].Html)));

    /// <summary>The results for <paramref name="indices"/> out of an engine's output for them.</summary>
    public IEnumerable<(int Index, TranslationResult Result)> Restore(
        string output,
        IEnumerable<int> indices,
        string engine,
        Func<string, int, string>? fix = null
    )
    {
        var parts = SegmentEnvelope.Split(output);
        foreach (var i in indices)
        {
            if (!parts.TryGetValue(i, out var part))
            {
                yield return (i, TranslationResult.NotFound($"{engine} dropped the segment's separator"));
                continue;
            }
            var restored = Masking.Unmask(fix == null ? part : fix(part, i), Masked[i]);
            yield return (
                i,
                restored.IsIntact
                    ? TranslationResult.Hit(restored.Text)
                    : TranslationResult.NotFound(
                        $"{engine} damaged a protected span: " + string.Join("; ", restored.Problems)
                    )
            );
        }
    }
}
