using Amts.Bot.Publishing;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Sync;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

/// <summary>What the publishing rules' unit tests share: a language, a pull request's text, a sync report with an
/// item for review on known lines, and one run of the <see cref="Publisher"/> on an <see cref="InMemoryForge"/> with a
/// <see cref="RecordingHost"/>.</summary>
internal static class PublishingCases
{
    public const string Repo = InMemoryForge.DefaultRepo;
    public const string Head = "amts/sync-zh";
    public const string Base = "master";
    public static readonly string CommitA = new('a', 40);
    public static readonly string CommitB = new('b', 40);

    public static LanguageConfig Language(bool reopen = false) =>
        new("zh", Repo, null, "memory", null, ["translation"], ["astonzhang"], false) { ReopenTrackingIssue = reopen };

    public static Func<PullRequest?, PullRequestText> Text(string title, string body, params string[] continuations) =>
        _ => new PullRequestText(title, body, continuations, body);

    public const string TranslationFile = "chapter_preface/index.md";

    /// <summary>A sync of one file with one item for review per range of the new translation's lines (one sentence
    /// left in English).</summary>
    public static SyncReport Report(params LineRange[] lines) =>
        new(
            "d2l-en",
            CommitA,
            CommitB,
            "zh",
            "memory",
            [
                new FileReport(
                    TranslationFile,
                    TranslationFile,
                    FileStatus.Modified,
                    lines
                        .Select(l => new AppliedChange(
                            new PlannedChange(
                                ChangeKind.Retranslated,
                                "1 sentence(s) new or changed",
                                new LineRange(20, 22),
                                l,
                                [0],
                                false
                            ),
                            40,
                            0,
                            ["A new sentence."]
                        )
                        {
                            Lines = l,
                        })
                        .ToList(),
                    100,
                    null
                ),
            ],
            null
        );

    /// <summary>One run's publishing, as <see cref="ActionRunner"/> calls it for the sync pull request.</summary>
    public static Task<PublishResult> PublishAsync(
        InMemoryForge forge,
        RecordingHost host,
        Func<PullRequest?, PullRequestText> text,
        bool refreshBody = true,
        string? quality = null,
        bool qualityOnlyIfMissing = false,
        (string CommitId, IReadOnlyList<ReviewComment> Comments)? review = null,
        LanguageConfig? language = null,
        string head = Head
    ) =>
        new Publisher(forge, host).PublishAsync(
            Repo,
            head,
            Base,
            language ?? Language(),
            text,
            refreshBody,
            quality == null ? null : _ => Task.FromResult(quality),
            CancellationToken.None,
            qualityOnlyIfMissing,
            review
        );
}
