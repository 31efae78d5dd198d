using System.Text.Json;
using System.Text.Json.Serialization;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// Each sync commit the bot makes carries its report as a git note (<c>refs/notes/amts</c>, pushed with the branch),
/// so the pull-request body can describe everything the branch carries relative to the base — every push since the
/// last merge — recomputed on each run from the commits themselves. Notes are never merged into the base, and a
/// push that touches no Markdown adds an empty report, not a blank body.
/// </summary>
internal static class ReportNotes
{
    public const string Ref = "refs/notes/amts";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Fetch(GitCli git) => git.TryRun(out _, "fetch", "-q", "origin", $"+{Ref}:{Ref}");

    public static void Add(GitCli git, string commit, SyncReport report)
    {
        var file = Path.Combine(Path.GetTempPath(), "amts-note-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, JsonSerializer.Serialize(report, Json));
        // A note records its author as a commit does: the bot's identity, not the runner's (which has none).
        try
        {
            git.AsBot().Run("notes", "--ref", Ref, "add", "-f", "-F", file, commit);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The reports of the bot's commits in base..HEAD, oldest first.</summary>
    public static List<SyncReport> Collect(GitCli git, string baseRef, string head = "HEAD")
    {
        var reports = new List<SyncReport>();
        foreach (
            var commit in git.Run("rev-list", "--reverse", $"{baseRef}..{head}")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        )
        {
            if (git.TryRun(out var text, "notes", "--ref", Ref, "show", commit) != 0)
                continue;
            try
            {
                if (JsonSerializer.Deserialize<SyncReport>(text, Json) is { } r)
                    reports.Add(r);
            }
            catch (JsonException) { } // a note from an older version: its range is still in the title
        }
        return reports;
    }
}
