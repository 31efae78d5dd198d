using System.Text.Json.Serialization;

namespace Amts.Bot.Sync;

/// <summary>What a sync did with one file: the report's <c>status</c> and the body's status column, each written as
/// the member's lowercase name (the names <c>report.json</c> and the reports in git notes have always used).</summary>
internal enum FileStatus
{
    /// <summary>The translation was changed (or checked and kept) to follow the new English.</summary>
    [JsonStringEnumMemberName("modified")]
    Modified,

    /// <summary>A new English file, written into the translation (marked for review where not translated).</summary>
    [JsonStringEnumMemberName("added")]
    Added,

    /// <summary>English moved the file; the translation went with it (its <c>_origin.md</c> too).</summary>
    [JsonStringEnumMemberName("renamed")]
    Renamed,

    /// <summary>English removed the file; so was the translation.</summary>
    [JsonStringEnumMemberName("deleted")]
    Deleted,

    /// <summary>The English changed a file the translation does not have: an item for review.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing,

    /// <summary>The file's changes go to review with the English diff (no base, or the translation does not follow its
    /// English): the translation stays as it is.</summary>
    [JsonStringEnumMemberName("review")]
    Review,

    /// <summary>Held whole by the output check: the written translation would have lost or garbled human
    /// text.</summary>
    [JsonStringEnumMemberName("held")]
    Held,

    /// <summary>Refused before planning (broken or non-text English, a range older than the translation's).</summary>
    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>The file could not be synced (an engine or I/O failure): an item for review.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

internal static class FileStatuses
{
    /// <summary>The status as the report and the body write it.</summary>
    public static string Name(this FileStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The file itself is an item for review (no change of it carries one).</summary>
    public static bool IsItem(this FileStatus status) => status is FileStatus.Missing or FileStatus.Failed;

    /// <summary>The file's translation stayed as it was for review (its items say why).</summary>
    public static bool KeptForReview(this FileStatus status) => status is FileStatus.Review or FileStatus.Refused;
}
