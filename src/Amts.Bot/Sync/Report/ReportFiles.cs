using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

/// <summary>
/// The two files a sync leaves for its reader, one format wherever they are written (<c>amts sync --report</c>, the
/// demo, the action's <c>amts-report/LANG</c> artifact): <c>report.json</c>, the whole range the pull request carries
/// (its totals and every file with its changes, findings and notes; with several sync commits on the branch, their
/// ranges under <c>syncs</c>), and <c>pr.md</c>, the pull request's whole text from <see
/// cref="PullRequestTextBuilder"/>, never split or cut.
/// </summary>
internal static class ReportFiles
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>pr.md: the title as a heading, then the body and its continuations as one text.</summary>
    public static string PullRequestMarkdown(PullRequestText text) => "# " + text.Title + "\n\n" + text.FullMarkdown;

    /// <summary>report.json of the sync commits a branch carries, oldest first (one for a single sync), with what the
    /// engine used in this run (null: nothing to bill, or not known here).</summary>
    public static string Json(IReadOnlyList<SyncReport> reports, EngineUsage? usage)
    {
        if (reports.Count == 0)
            throw new ArgumentException("a report needs at least one sync", nameof(reports));
        var first = reports[0];
        var last = reports[^1];
        var files = reports.SelectMany(r => r.Files).ToList();
        var totals = reports.Select(r => r.Totals).ToList();
        var notes = reports.SelectMany(r => r.Notes).Distinct().ToList();
        var doc = new
        {
            billing = usage is { } u
                ? new
                {
                    mode = u.Mode,
                    plannedCharacters = u.PlannedCharacters,
                    characters = u.BilledCharacters,
                    billedFrom = u.BilledSource,
                    estimatedUsd = u.EstimatedUsd,
                    billedUsd = u.BilledUsd,
                    usdPerMillionCharacters = u.Price?.UsdPerMillionCharacters,
                    calls = u.Calls,
                    jobs = u.Jobs,
                }
                : null,
            source = last.SourceName,
            from = first.From,
            to = last.To,
            language = last.Language,
            engine = last.Engine,
            compareUrl = reports.Count == 1 ? last.CompareUrl : null,
            syncs = reports.Count > 1 ? reports.Select(r => new { from = r.From, to = r.To }) : null,
            notes = notes.Count > 0 ? notes : null,
            totals = new
            {
                files = totals.Sum(t => t.Files),
                changes = totals.Sum(t => t.Changes),
                mtChars = totals.Sum(t => t.MtChars),
                wholeFileChars = totals.Sum(t => t.WholeFileChars),
                tmHits = totals.Sum(t => t.Translated),
                untranslated = totals.Sum(t => t.Untranslated),
                reviews = totals.Sum(t => t.Reviews),
            },
            files = files.Select(f => new
            {
                sourcePath = f.SourcePath,
                targetPath = f.TargetPath,
                movedFrom = f.MovedFrom,
                status = f.Status.Name(),
                note = f.Note,
                wholeFileChars = f.WholeFileChars,
                findings = f.Findings.Select(x => new
                {
                    kind = x.Kind.ToString(),
                    line = x.Line,
                    message = x.Message,
                }),
                changes = f.Changes.Select(c => new
                {
                    kind = c.Change.Kind.ToString().ToLowerInvariant(),
                    reason = c.Change.Reason,
                    englishLines = c.Change.English is { } e ? new[] { e.First, e.Last } : null,
                    targetLines = c.Change.Target is { } g ? new[] { g.First, g.Last } : null,
                    writtenLines = c.Lines is { } w ? new[] { w.First, w.Last } : null,
                    englishBefore = c.Change.EnglishBefore,
                    englishAfter = c.Change.EnglishAfter,
                    mtChars = c.MtChars,
                    translated = c.Translated,
                    untranslated = c.Untranslated,
                    needsReview = c.NeedsReview,
                }),
            }),
        };
        return JsonSerializer.Serialize(doc, Options) + "\n";
    }
}
