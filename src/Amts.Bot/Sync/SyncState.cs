using System.Text.Json;
using Amts.Bot.Errors;

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
        const string hint = "restore it from git (git checkout -- .amts/state.json), or delete it and give --from";
        try
        {
            var state = JsonSerializer.Deserialize<SyncState>(File.ReadAllText(path), Json);
            return state is { SourceCommit.Length: > 0, Files: not null } ? state : throw new SyncException($"{path}: not a sync state (no sourceCommit or files)", hint);
        }
        catch (JsonException e)
        {
            throw new SyncException($"{path}: not a valid sync state: {e.Message}", hint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AmtsException.Service($"{path}: cannot read the sync state: {e.Message}", "check the file's permissions", e);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this with { Files = new SortedDictionary<string, string>(Files.ToDictionary(), StringComparer.Ordinal) }, Json) + "\n";
}
