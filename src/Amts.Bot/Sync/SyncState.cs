using System.Text.Json;
using Amts.Bot.Errors;

namespace Amts.Bot.Sync;

/// <summary>
/// What a translation repository records about its last sync (<c>.amts/state.json</c>): the English commit it is in
/// step with, and for every synced file the English blob it was synced to. The next run starts there, so squash
/// merges and missed runs lose nothing, and a repeated run finds nothing left to do.
/// </summary>
internal sealed record SyncState(string SourceCommit, IReadOnlyDictionary<string, string> Files)
{
    public const string RelativePath = ".amts/state.json";

    /// <summary>For the files whose base was discovered (no <c>_origin.md</c>, no recorded sync): which English
    /// revision was taken and the evidence (<c>BaseDiscovery</c>). Kept from one sync to the next.</summary>
    public IReadOnlyDictionary<string, DiscoveredBase>? Discovered { get; init; }

    /// <summary>Where the chapters of a series record their files (one file per chapter, so the chapters' pull
    /// requests never touch the same file and merge in any order). The next sync that writes the state folds them
    /// in.</summary>
    public const string SeriesFolder = ".amts/series";

    public static string FragmentPath(string unit) => $"{SeriesFolder}/{unit}.json";

    /// <summary>The chapters' records present in a work tree (relative paths).</summary>
    public static IReadOnlyList<string> FragmentPaths(string targetRoot) =>
        Directory.Exists(Path.Combine(targetRoot, SeriesFolder))
            ? Directory
                .EnumerateFiles(Path.Combine(targetRoot, SeriesFolder), "*.json")
                .Select(f => SeriesFolder + "/" + Path.GetFileName(f))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>The English blob each file follows: the state's, overridden by the merged chapters' records (a
    /// chapter's record is newer than the state, which only moves with a sync that folds the records in).</summary>
    public static IReadOnlyDictionary<string, string> FileRecords(string targetRoot)
    {
        var files = new Dictionary<string, string>(
            ReadFile(Path.Combine(targetRoot, RelativePath))?.Files ?? new Dictionary<string, string>(),
            StringComparer.Ordinal
        );
        foreach (var fragment in FragmentPaths(targetRoot))
        foreach (var (path, blob) in ReadFile(Path.Combine(targetRoot, fragment))!.Files)
            files[path] = blob;
        return files;
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The state, with the merged chapters' records over its files (<see cref="FileRecords"/>).</summary>
    public static SyncState? Read(string targetRoot)
    {
        var state = ReadFile(Path.Combine(targetRoot, RelativePath));
        return state == null || FragmentPaths(targetRoot).Count == 0
            ? state
            : state with
            {
                Files = FileRecords(targetRoot),
            };
    }

    static SyncState? ReadFile(string path)
    {
        if (!File.Exists(path))
            return null;
        const string hint = "restore it from git (git checkout -- .amts/state.json), or delete it and give --from";
        try
        {
            var state = JsonSerializer.Deserialize<SyncState>(File.ReadAllText(path), Json);
            return state is { SourceCommit.Length: > 0, Files: not null }
                ? state
                : throw new SyncException($"{path}: not a sync state (no sourceCommit or files)", hint);
        }
        catch (JsonException e)
        {
            throw new SyncException($"{path}: not a valid sync state: {e.Message}", hint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AmtsException.Service(
                $"{path}: cannot read the sync state: {e.Message}",
                "check the file's permissions",
                e
            );
        }
    }

    /// <summary>A state as stored (e.g. read from a commit with git show), or null when it is not one.</summary>
    public static SyncState? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SyncState>(json, Json) is { SourceCommit.Length: > 0, Files: not null } s
                ? s
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() =>
        JsonSerializer.Serialize(
            this with
            {
                Files = new SortedDictionary<string, string>(Files.ToDictionary(), StringComparer.Ordinal),
                Discovered = Discovered is { Count: > 0 } d
                    ? new SortedDictionary<string, DiscoveredBase>(d.ToDictionary(), StringComparer.Ordinal)
                    : null,
            },
            Json
        ) + "\n";
}
