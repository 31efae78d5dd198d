using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation.Aws;

/// <summary>
/// Amazon Translate in real time (<c>TranslateText</c>, with one custom terminology). Segments are masked as HTML
/// (protected spans inside <c>translate="no"</c>), packed several to a call under the 10,000-byte limit, separated
/// by tags of their own, and checked on return (<see cref="MaskedBatch"/>). A segment over the limit, or one that
/// comes back damaged, stays English for review and the rest goes on; a refused call fails the whole run, so the
/// sync writes nothing.
/// </summary>
internal sealed class AmazonTranslateEngine(
    TranslateClient client,
    string? terminologyName = null,
    long? maxCharacters = TranslationRun.DefaultMaxCharacters,
    TextWriter? log = null
) : ITranslationEngine
{
    long planned,
        billed;
    int calls;

    public string Name => "aws";
    public EnginePrice? Price => AmazonTranslatePricing.RealTime;
    public long? MaxCharacters => maxCharacters;
    public TextWriter? Log => log;

    /// <summary>TranslateText's response carries no character count: billed characters are those of the request
    /// texts.</summary>
    public EngineUsage Usage => new(Price!.Mode, planned, billed, "TranslateText request text", calls, 0, Price);

    /// <summary>Characters of text sent (what the service bills).</summary>
    public long BilledCharacters => billed;

    public async Task<IReadOnlyList<TranslationResult>> TranslateAsync(
        IReadOnlyList<string> segments,
        string sourceLanguage,
        string targetLanguage,
        CancellationToken cancellationToken = default
    )
    {
        var batch = new MaskedBatch(segments, PlaceholderStyle.KeepContent);
        var results = new TranslationResult[segments.Count];
        var sendable = new List<int>();
        for (int i = 0; i < segments.Count; i++)
        {
            if (batch.WireBytes(i) > TranslateLimits.TranslateTextBytes)
                results[i] = TranslationResult.NotFound(
                    $"over Amazon Translate's {TranslateLimits.TranslateTextBytes:N0}-byte limit per segment "
                        + $"({Encoding.UTF8.GetByteCount(segments[i]):N0} bytes); kept in English for review"
                );
            else
            {
                sendable.Add(i);
                planned += segments[i].Length;
            }
        }
        foreach (var group in Pack(batch, sendable))
        {
            var text = batch.Wrap(group);
            var response = await client.TranslateTextAsync(
                new TranslateTextRequest(
                    text,
                    sourceLanguage,
                    targetLanguage,
                    terminologyName is { Length: > 0 } ? [terminologyName] : null
                ),
                cancellationToken
            );
            billed += text.Length;
            calls++;
            foreach (var (i, r) in batch.Restore(response.TranslatedText, group, "Amazon Translate"))
                results[i] = r;
        }
        return results;
    }

    /// <summary>Groups segment indices so that each call stays under the byte limit.</summary>
    static List<List<int>> Pack(MaskedBatch batch, List<int> indices)
    {
        var groups = new List<List<int>>();
        var current = new List<int>();
        int bytes = 0;
        foreach (var i in indices)
        {
            int size = batch.WireBytes(i);
            if (bytes + size > TranslateLimits.TranslateTextBytes && current.Count > 0)
            {
                groups.Add(current);
                current = [];
                bytes = 0;
            }
            current.Add(i);
            bytes += size;
        }
        if (current.Count > 0)
            groups.Add(current);
        return groups;
    }
}
