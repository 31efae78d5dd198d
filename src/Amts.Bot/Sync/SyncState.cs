using System.Text.Json;

namespace Amts.Bot.Sync;

/// <summary>
/// What a translation repository records about its last sync (<c>.amts/state.json</c>): the English commit it is in
/// step with, and for every synced file the English blob it was synced to. The next run starts there, so squash
/// merges and missed runs lose nothing, and a repeated run finds nothing left to do.
/// </summary>
public sealed record SyncState(string SourceCommit, IReadOnlyDictionary<string, string> Files)
{
    public const string RelativePath = ".amts/state.json";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static SyncState? Read(string targetRoot)
    {
        var path = Path.Combine(targetRoot, RelativePath);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<SyncState>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty sync state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid sync state: {e.Message}", e);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this with { Files = new SortedDictionary<string, string>(Files.ToDictionary(), StringComparer.Ordinal) }, Json) + "\n";
}
