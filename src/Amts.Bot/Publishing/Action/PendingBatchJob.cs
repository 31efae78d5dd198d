using System.Globalization;
using System.Text;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Sync;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The action's side of a batch job that outlives the run (<see cref="DurableBatchJob"/>): the batch engine gets the
/// sync branch as its ledger and the language's wait (aws.wait_minutes); a language whose job is not done ends with
/// the operation <c>pending</c>. When this run recorded the job (a new job, or one found by its name) the pull
/// request is created or updated to say so and to list what the job will fill in; when the job was found still
/// running, or another run holds the lock, nothing changes and the outcome says so.
/// </summary>
internal static class PendingBatchJob
{
    public const ActionOperation Operation = ActionOperation.Pending;

    /// <summary>The end of a pending pull request's title.</summary>
    public const string TitleMarker = "(machine translation in progress)";

    /// <summary>Whether a sync pull request waits for a batch job (what a scheduled run picks up).</summary>
    public static bool IsPending(PullRequest? pull) =>
        pull?.Title.EndsWith(TitleMarker, StringComparison.Ordinal) == true;

    /// <summary>The ledger, when the language's engine is a batch job that can outlive the run (not in a dry run: a
    /// dry run pushes nothing, so it cannot record a job either; it waits for its job as the command line
    /// does).</summary>
    public static SyncBranchJobLedger? Attach(
        ITranslationEngine? engine,
        GitCli git,
        BranchStart start,
        string from,
        string to,
        LanguageConfig language,
        bool dryRun
    )
    {
        if (engine is not AmazonTranslateBatchEngine batch || dryRun)
            return null;
        var ledger = new SyncBranchJobLedger(git, start, from, to);
        batch.Ledger = ledger;
        if (language.Aws?.WaitMinutes is { } minutes)
            batch.Wait = TimeSpan.FromMinutes(minutes);
        return ledger;
    }

    /// <summary>After the sync: the engine works without the ledger again (the quality comment's translations are not
    /// the recorded job), and what it found of earlier jobs goes into the pull request's notes.</summary>
    public static void Detach(ITranslationEngine? engine, List<string> notes)
    {
        if (engine is not AmazonTranslateBatchEngine { Ledger: not null } batch)
            return;
        batch.Ledger = null;
        notes.AddRange(batch.Notes.Select(n => UntrustedMarkdown.Text("Amazon Translate: " + n + ".")));
    }

    /// <summary>Where the range starts when the branch records a batch job and the translation records no state: the
    /// job's planned start (a scheduled run has no push to say where, and the job's output fits the plan it was made
    /// for). With a state, the state decides, as it did when the job was planned.</summary>
    public static string RangeStart(string target, Sync.SyncState? state, string decided) =>
        state == null && BatchJobRecord.Read(target) is { From.Length: > 0 } record ? record.From : decided;

    /// <summary>The files the sync's commit removes: the record, once the job's output is applied.</summary>
    public static IEnumerable<string> Removed(SyncBranchJobLedger ledger) =>
        ledger.Applied ? [BatchJobRecord.RelativePath] : [];

    public static async Task<LanguageOutcome> EndAsync(
        IForge forge,
        ICiHost host,
        LanguageConfig language,
        string head,
        string baseBranch,
        AmtsException e,
        IReadOnlyList<string> notes,
        string englishName,
        CancellationToken ct
    )
    {
        var code = language.Code;
        var open = await forge.FindOpenPullAsync(language.Repository, head, ct);
        if (e is not BatchJobPendingException pending || !pending.RecordChanged)
        {
            var why = e is BatchJobPendingException p
                ? $"{p.Record.Describe()}, still {p.Status}: nothing changed, nothing started"
                : $"{e.Message}: nothing changed";
            host.Log($"{code}: {why}");
            return new LanguageOutcome(code, language.Repository, Operation, open?.Number, open?.HtmlUrl, 0, why);
        }
        var text = Text(code, englishName, pending, notes);
        var result = await new Publisher(forge, host).PublishAsync(
            language.Repository,
            head,
            baseBranch,
            language,
            _ => text,
            refreshBody: true,
            null,
            ct
        );
        var message =
            $"{pending.Record.Describe()} ({pending.Status}); "
            + (
                result.Pull == null
                    ? "no pull request"
                    : $"pull request #{result.Pull.Number} {(result.Created ? "created" : "updated")} to say so"
            );
        host.Log($"{code}: {message}");
        return new LanguageOutcome(
            code,
            language.Repository,
            Operation,
            result.Pull?.Number,
            result.Pull?.HtmlUrl,
            0,
            message
        )
        {
            Warnings = result.Warnings,
            Error = result.Errors.Count > 0 ? string.Join("; ", result.Errors) : null,
        };
    }

    /// <summary>The pull request while the job runs: what runs, since when, for which English, what it will fill
    /// in.</summary>
    internal static PullRequestText Text(
        string code,
        string englishName,
        BatchJobPendingException pending,
        IReadOnlyList<string> notes
    )
    {
        var r = pending.Record;
        var range = $"{PullRequestTextBuilder.Short(r.From)}..{PullRequestTextBuilder.Short(r.To)}";
        var title = $"[{code}] Sync with {englishName} {range} {TitleMarker}";
        var body = new StringBuilder();
        body.Append(
            CultureInfo.InvariantCulture,
            $"**{UntrustedMarkdown.Text(r.Describe())}** ({pending.Status}; Amazon Translate batch job "
        );
        body.Append(
            CultureInfo.InvariantCulture,
            $"{UntrustedMarkdown.Code(r.JobId ?? "not started yet")}, {r.Segments:N0} segment(s)"
        );
        if (r.Reuse.Count > 0)
            body.Append(CultureInfo.InvariantCulture, $"; the output of {r.Reuse.Count} finished job(s) is used too");
        body.Append(").\n\n");
        body.Append(
            CultureInfo.InvariantCulture,
            $"Sync of {UntrustedMarkdown.Code(code)} with {UntrustedMarkdown.Text(englishName)} "
        );
        body.Append(
            CultureInfo.InvariantCulture,
            $"{UntrustedMarkdown.Code(range)}: nothing is applied until the job is done. The next run "
        );
        body.Append(
            "(a push, a dispatch, or the scheduled run) applies its output to the plan it was made for, verifies it, "
                + "commits, "
        );
        body.Append("and updates this pull request. The job is recorded in ");
        body.Append(
            CultureInfo.InvariantCulture,
            $"{UntrustedMarkdown.Code(BatchJobRecord.RelativePath)} on this branch.\n\n"
        );
        foreach (var n in notes.Concat(pending.Notes.Select(UntrustedMarkdown.Text)))
            body.Append("> ").Append(n).Append("\n>\n");
        if (pending.Files.Count > 0)
        {
            body.Append("Will be filled in:\n\n| file | characters |\n| --- | ---: |\n");
            foreach (var (path, characters) in pending.Files)
                body.Append(CultureInfo.InvariantCulture, $"| {UntrustedMarkdown.Code(path)} | {characters:N0} |\n");
        }
        var markdown = body.ToString();
        return new PullRequestText(title, markdown, [], markdown);
    }
}
