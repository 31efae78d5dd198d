using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Errors;

namespace Amts.Bot.Translation.Aws;

internal sealed record ParallelDataOutcome(
    string Name,
    string Status,
    long Imported,
    long Failed,
    long Skipped,
    string S3Uri,
    bool Created
);

/// <summary>Publishing the book's own knowledge to Amazon Translate: the parallel data mined from the human
/// translation (Active Custom Translation) and the glossary as custom terminology.</summary>
internal static class TranslatePublishing
{
    /// <summary>Uploads the parallel data file, creates the resource or updates it, and waits until the import is done,
    /// per the documented semantics: a new resource goes CREATING → ACTIVE or FAILED (<c>Status</c>); an update is
    /// accepted only while <c>Status</c> is ACTIVE or FAILED, and during it <c>Status</c> keeps the previous data's
    /// status while <c>LatestUpdateAttemptStatus</c> tracks the update (UPDATING → ACTIVE or FAILED). A failed update
    /// leaves the previous data in use, and the error says so.</summary>
    public static async Task<ParallelDataOutcome> PublishParallelDataAsync(
        TranslateClient client,
        S3Store s3,
        ParallelCorpus corpus,
        string name,
        S3Location folder,
        string format,
        TimeSpan poll,
        TimeSpan deadline,
        CancellationToken ct = default
    )
    {
        var (content, ext) = format.ToLowerInvariant() switch
        {
            "csv" => (ParallelData.ToCsv(corpus), "csv"),
            "tsv" => (ParallelData.ToTsv(corpus), "tsv"),
            "tmx" => (ParallelData.ToTmx(corpus), "tmx"),
            _ => throw AmtsException.Input($"parallel-data publish: unknown format '{format}'", "use csv, tsv or tmx"),
        };
        var file = new S3Location(folder.Bucket, S3Prefix.Key(folder.Key, $"{name}.{ext}"));
        ParallelDataProperties? existing = null;
        try
        {
            existing = (await client.GetParallelDataAsync(new GetParallelDataRequest(name), ct)).ParallelDataProperties;
        }
        catch (AmazonTranslateException e) when (e.Code == "ResourceNotFoundException") { }
        if (existing != null && existing.Status is not ("ACTIVE" or "FAILED"))
            throw AmtsException.Service(
                $"parallel data {name} is {existing.Status}; it can be updated only when ACTIVE or FAILED",
                "wait until the running import ends and publish again"
            );
        await s3.PutTextAsync(file, content, ext == "tmx" ? "application/xml" : "text/plain", ct);
        var config = new ParallelDataConfig(file.ToString(), ext.ToUpperInvariant());
        var token = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + content))
        )[..32];
        if (existing == null)
            await client.CreateParallelDataAsync(
                new CreateParallelDataRequest(
                    name,
                    config,
                    token,
                    "Sentence pairs mined by amts from the human translation"
                ),
                ct
            );
        else
            await client.UpdateParallelDataAsync(new UpdateParallelDataRequest(name, config, token), ct);

        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var p = (await client.GetParallelDataAsync(new GetParallelDataRequest(name), ct)).ParallelDataProperties;
            var state = existing == null ? p.Status : p.LatestUpdateAttemptStatus ?? "UPDATING";
            if (state == "ACTIVE")
                return new ParallelDataOutcome(
                    name,
                    state,
                    p.ImportedRecordCount,
                    p.FailedRecordCount,
                    p.SkippedRecordCount,
                    file.ToString(),
                    existing == null
                );
            if (state == "FAILED")
                throw existing == null
                    ? AmtsException.Service(
                        $"parallel data {name}: the import of {file} FAILED: {p.Message ?? "no message"}",
                        "fix what the message says in the file and publish again"
                    )
                    : AmtsException.Service(
                        $"parallel data {name}: the update from {file} FAILED: {p.Message ?? "no message"}; the "
                            + $"previous data ({existing.ImportedRecordCount} records) stays in use (Status "
                            + $"{p.Status})",
                        "fix what the message says and publish again"
                    );
            if (DateTime.UtcNow > until)
                throw AmtsException.Service(
                    $"parallel data {name} still {state} after {deadline.TotalMinutes:F0} minutes",
                    "the import goes on in the service: check later with `aws translate get-parallel-data --name "
                        + name
                        + "`"
                );
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
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            int comma = line.IndexOf('，');
            if (comma <= 0 || comma == line.Length - 1)
                continue;
            terms.Add((line[(comma + 1)..].Trim(), line[..comma].Trim()));
        }
        return terms;
    }

    /// <summary>The terminology CSV Amazon Translate imports: a header row of language codes, then one term per
    /// row.</summary>
    public static string TerminologyCsv(
        IEnumerable<(string English, string Translation)> terms,
        string source,
        string target
    )
    {
        var sb = new StringBuilder($"{source},{target}\n");
        foreach (var (en, tr) in terms.DistinctBy(t => t.English))
            sb.Append(ParallelData.CsvField(en)).Append(',').Append(ParallelData.CsvField(tr)).Append('\n');
        return sb.ToString();
    }
}
