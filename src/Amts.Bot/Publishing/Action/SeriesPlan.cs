using Amts.Bot.Publishing.Forge;

namespace Amts.Bot.Publishing.Action;

/// <summary>What a run does with one chapter of a series (<see cref="Series"/>'s cases).</summary>
internal enum ChapterCase
{
    /// <summary>S4: no open pull request: a fresh branch from the base, its pull request opened (unless its tree is
    /// the base's: its items were merged already).</summary>
    OpenPull,

    /// <summary>S3: its pull request is open: its branch is carried and the pull request kept current.</summary>
    KeepPull,

    /// <summary>S6: no open pull request and no translation file changed (only items for review, or only English
    /// records): no pull request, its items go to the tracking issue, its records wait for its next change.</summary>
    NoPull,

    /// <summary>An open pull request of the series whose chapter carries nothing any more (its changes are on the
    /// base): kept in the list, to be closed.</summary>
    NothingLeft,
}

/// <summary>One chapter and its case; <see cref="Pull"/> is its open pull request, if any.</summary>
internal sealed record ChapterPlan(SeriesUnit Unit, ChapterCase Case, PullRequest? Pull);

/// <summary>
/// The series' chapters sorted into their cases from the units the workspace carries and the series' open pull
/// requests, apart from git: <see cref="Complete"/> (S5) when nothing is carried and nothing is open.
/// </summary>
internal sealed record SeriesPlan(IReadOnlyList<ChapterPlan> Chapters)
{
    /// <summary>S5: the workspace carries nothing over the base any more (but English records waiting for their
    /// chapter's next change) and no chapter is open or has items.</summary>
    public bool Complete => Chapters.All(c => c.Case == ChapterCase.NoPull && c.Unit.OnlyRecords && !c.Unit.HasItems);

    /// <summary>The chapters that get (or keep) a pull request, in the units' order.</summary>
    public IReadOnlyList<ChapterPlan> Pulled =>
        Chapters.Where(c => c.Case is ChapterCase.OpenPull or ChapterCase.KeepPull).ToList();

    /// <summary>The chapters without a pull request (S6).</summary>
    public IReadOnlyList<SeriesUnit> WithoutPull =>
        Chapters.Where(c => c.Case == ChapterCase.NoPull).Select(c => c.Unit).ToList();

    public IReadOnlyList<ChapterPlan> NothingLeft => Chapters.Where(c => c.Case == ChapterCase.NothingLeft).ToList();

    /// <param name="head">The sync branch (<c>amts/sync-LANG</c>); the chapters' branches are under it.</param>
    public static SeriesPlan Of(string head, IReadOnlyList<SeriesUnit> units, IReadOnlyList<PullRequest> seriesPulls)
    {
        var chapters = new List<ChapterPlan>();
        foreach (var unit in units)
        {
            var pull = seriesPulls.FirstOrDefault(p => p.Head.Ref == unit.Branch);
            chapters.Add(
                new ChapterPlan(
                    unit,
                    pull != null ? ChapterCase.KeepPull
                        : unit.Paths.Count == 0 || unit.OnlyRecords ? ChapterCase.NoPull
                        : ChapterCase.OpenPull,
                    pull
                )
            );
        }
        foreach (var p in seriesPulls.Where(p => units.All(u => u.Branch != p.Head.Ref)))
            chapters.Add(
                new ChapterPlan(
                    new SeriesUnit(p.Head.Ref[(head.Length + 1)..], p.Head.Ref, []),
                    ChapterCase.NothingLeft,
                    p
                )
            );
        return new SeriesPlan(chapters);
    }
}
