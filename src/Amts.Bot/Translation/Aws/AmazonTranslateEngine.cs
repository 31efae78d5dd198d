using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation.Aws;

/// <summary>
/// Amazon Translate in real time (<c>TranslateText</c>, with custom terminology). Segments are masked as HTML (protected
/// spans inside <c>translate="no"</c>), packed several to a call under the 10,000-byte limit, separated by tags of
/// their own, and checked on return: a segment whose placeholders came back damaged is reported, never applied. A
/// refused call fails the whole batch, so the sync writes nothing.
/// </summary>
public sealed class AmazonTranslateEngine(TranslateClient client, IReadOnlyList<string>? terminologyNames = null) : ITranslationEngine
{
    public string Name => "aws";

    /// <summary>Characters sent to the service (what it bills).</summary>
    public long BilledCharacters { get; private set; }

    public async Task<IReadOnlyList<TranslationResult>> TranslateAsync(IReadOnlyList<string> segments, string sourceLanguage, string targetLanguage, CancellationToken cancellationToken = default)
    {
        var masked = segments.Select(s => Masking.Mask(s, ProtectedSpans.Find(s), PlaceholderStyle.KeepContent)).ToList();
        var results = new TranslationResult[segments.Count];
        foreach (var batch in Pack(masked.Select(m => m.Html).ToList()))
        {
            var text = string.Concat(batch.Select(i => SegmentEnvelope.Wrap(i, masked[i].Html)));
            BilledCharacters += text.Length;
            var response = await client.TranslateTextAsync(new TranslateTextRequest(text, sourceLanguage, targetLanguage,
                terminologyNames is { Count: > 0 } ? terminologyNames : null), cancellationToken);
            var parts = SegmentEnvelope.Split(response.TranslatedText);
            foreach (var i in batch)
            {
                if (!parts.TryGetValue(i, out var part)) { results[i] = TranslationResult.NotFound("the service dropped the segment's separator"); continue; }
                var restored = Masking.Unmask(part, masked[i]);
                results[i] = restored.IsIntact ? TranslationResult.Hit(restored.Text)
                    : TranslationResult.NotFound("Amazon Translate damaged a protected span: " + string.Join("; ", restored.Problems));
            }
        }
        return results;
    }

    /// <summary>Groups segment indices so that each call stays under the byte limit (with room for separators).</summary>
    static List<List<int>> Pack(List<string> html)
    {
        var batches = new List<List<int>>();
        var current = new List<int>();
        int bytes = 0;
        for (int i = 0; i < html.Count; i++)
        {
            int size = Encoding.UTF8.GetByteCount(html[i]) + 32;
            if (size > TranslateLimits.TranslateTextBytes)
                throw new TranslationEngineException($"aws: a segment of {size} bytes is over TranslateText's limit of {TranslateLimits.TranslateTextBytes}");
            if (bytes + size > TranslateLimits.TranslateTextBytes && current.Count > 0) { batches.Add(current); current = []; bytes = 0; }
            current.Add(i);
            bytes += size;
        }
        if (current.Count > 0) batches.Add(current);
        return batches;
    }
}
