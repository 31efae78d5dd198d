using System.Text;
using Amts.Bot.Alignment;

namespace Amts.Bot.Translation.Aws;

public sealed record ParallelDataOutcome(string Name, string Status, long Imported, long Failed, long Skipped, string S3Uri, bool Created);

/// <summary>Publishing the book's own knowledge to Amazon Translate: the parallel data mined from the human
/// translation (Active Custom Translation) and the glossary as custom terminology.</summary>
public static class TranslatePublishing
{
    /// <summary>Uploads the parallel data file, creates the resource or updates it (the service allows an update only
    /// from ACTIVE or FAILED), and waits until the import is done.</summary>
    public static async Task<ParallelDataOutcome> PublishParallelDataAsync(TranslateClient client, S3Store s3, ParallelCorpus corpus, string name,
        S3Location folder, string format, TimeSpan poll, TimeSpan deadline, CancellationToken ct = default)
    {
        var (content, ext) = format.ToLowerInvariant() switch
        {
            "csv" => (ParallelData.ToCsv(corpus), "csv"),
            "tsv" => (ParallelData.ToTsv(corpus), "tsv"),
            "tmx" => (ParallelData.ToTmx(corpus), "tmx"),
            _ => throw new ArgumentException($"unknown format '{format}' (csv, tsv or tmx)"),
        };
        var file = new S3Location(folder.Bucket, $"{folder.Key.TrimEnd('/')}/{name}.{ext}".TrimStart('/'));
        await s3.PutTextAsync(file, content, ext == "tmx" ? "application/xml" : "text/plain", ct);
        var config = new ParallelDataConfig(file.ToString(), ext.ToUpperInvariant());
        var token = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + content)))[..32];
        ParallelDataProperties? existing = null;
        try { existing = (await client.GetParallelDataAsync(new GetParallelDataRequest(name), ct)).ParallelDataProperties; }
        catch (AmazonTranslateException e) when (e.Code == "ResourceNotFoundException") { }
        if (existing == null) await client.CreateParallelDataAsync(new CreateParallelDataRequest(name, config, token, "Sentence pairs mined by amts from the human translation"), ct);
        else if (existing.Status is "ACTIVE" or "FAILED") await client.UpdateParallelDataAsync(new UpdateParallelDataRequest(name, config, token), ct);
        else throw new InvalidOperationException($"parallel data {name} is {existing.Status}; it can be updated only when ACTIVE or FAILED: try again later");

        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var p = (await client.GetParallelDataAsync(new GetParallelDataRequest(name), ct)).ParallelDataProperties;
            var done = existing == null ? p.Status is "ACTIVE" or "FAILED" : p.LatestUpdateAttemptStatus is "ACTIVE" or "FAILED" || p.Status == "FAILED";
            if (done)
            {
                if (p.Status == "FAILED" || p.LatestUpdateAttemptStatus == "FAILED")
                    throw new InvalidOperationException($"parallel data {name} import FAILED: {p.Message ?? "no message"}");
                return new ParallelDataOutcome(name, p.Status, p.ImportedRecordCount, p.FailedRecordCount, p.SkippedRecordCount, file.ToString(), existing == null);
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"parallel data {name} still {p.Status} at the deadline");
            await Task.Delay(poll, ct);
        }
    }

    /// <summary>d2l-zh's TERMINOLOGY.md: lines "中文，english" (full-width comma) under a heading.</summary>
    public static List<(string English, string Translation)> ParseGlossary(string markdown)
    {
        var terms = new List<(string, string)>();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int comma = line.IndexOf('，');
            if (comma <= 0 || comma == line.Length - 1) continue;
            terms.Add((line[(comma + 1)..].Trim(), line[..comma].Trim()));
        }
        return terms;
    }

    /// <summary>The terminology CSV Amazon Translate imports: a header row of language codes, then one term per row.</summary>
    public static string TerminologyCsv(IEnumerable<(string English, string Translation)> terms, string source, string target)
    {
        var sb = new StringBuilder($"{source},{target}\n");
        foreach (var (en, tr) in terms.DistinctBy(t => t.English)) sb.Append(ParallelData.CsvField(en)).Append(',').Append(ParallelData.CsvField(tr)).Append('\n');
        return sb.ToString();
    }
}
