using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// Review items of a run that changed nothing to commit (no pull request to carry them): a warning annotation on
/// the run says how many and where they are, so that they reach someone (issue 20: they were invisible). A run
/// whose only change is the recorded English commit and that has review items opens its pull request instead
/// (<see cref="ActionRunner"/>).
/// </summary>
internal static class ReviewOnly
{
    public static void Annotate(ICiHost host, string code, SyncReport report, string? reportDir)
    {
        int items = report.Totals.Reviews;
        if (items == 0)
            return;
        var files = report
            .Files.Where(f => f.Findings.Count > 0 || f.Changes.Any(c => c.NeedsReview) || f.Status.IsItem())
            .Select(f => f.TargetPath ?? f.SourcePath)
            .Distinct()
            .Take(5)
            .ToList();
        host.Annotate(
            AnnotationLevel.Warning,
            $"{code}: {items} item(s) need review but nothing was committed, so no pull request carries them "
                + $"({string.Join(", ", files)}{(report.Files.Count > files.Count ? ", …" : "")}): they are listed in "
                + $"{(reportDir != null ? $"{reportDir}/pr.md (the amts-report-{code} artifact)" : "the run's pr.md")}",
            "amts " + code
        );
    }
}
