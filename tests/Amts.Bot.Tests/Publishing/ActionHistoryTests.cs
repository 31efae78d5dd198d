using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Sync;

namespace Amts.Bot.Tests.Publishing;

/// <summary>The action against history as it really moves: force-pushes, pushes without a usable <c>before</c>,
/// shallow checkouts, and translators merging their own work while the sync pull request is open.</summary>
[Trait("Category", "Integration")]
public class ActionHistoryTests : IDisposable
{
    readonly ActionHarness h = new();

    /// <summary>A reconciliation of d2l-zh with d2l-en compares the whole book (hundreds of review items): these tests
    /// are about history, so one pull request whatever its size (the series has its own tests).</summary>
    const string OnePullRequest = ActionHarness.DefaultConfig + "    series_threshold: 1000000\n";

    public void Dispose() => h.Dispose();

    [Fact]
    public void Before_zero_without_state_reconciles_from_the_origin_files_instead_of_failing()
    {
        var outcome = Assert.Single(h.Push(new string('0', 40), h.Commit(30), OnePullRequest));
        Assert.True(outcome.Operation == ActionOperation.Created, outcome.Message + "\n" + h.Host);
        Assert.Contains("reconciling each file's _origin.md", h.GitHub.Pulls[0].Body);
        Assert.Equal($"[zh] Sync with d2l-en reconciled..{h.Commit(30)[..7]}", h.GitHub.Pulls[0].Title);
        // A reconciled report has no English commit to start from: its items quote the English the report itself
        // recorded.
        Assert.Contains("\n  English before: ", h.GitHub.Pulls[0].Body);
        Assert.Contains("\n  English after: ", h.GitHub.Pulls[0].Body);
        // Every _origin.md on the branch now is the English at the pushed commit, and the state says so.
        var state = SyncState.Read(Checkout("amts/sync-zh"))!;
        Assert.Equal(h.Commit(30), state.SourceCommit);
    }

    [Fact]
    public void A_force_push_then_a_push_reconcile_then_continue()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(21), h.Commit(23))).Operation);
        h.Merge(1);
        var oldTip = h.Commit(23);
        // The English history is rewritten from commit 22: commit 23 no longer exists anywhere.
        var en = new GitCli(h.English);
        en.Run("reset", "-q", "--hard", h.Commit(22));
        var rewritten = h.EnglishCommit(
            "chapter_introduction/index.md",
            File.ReadAllText(Path.Combine(h.English, "chapter_introduction/index.md"))
                + "\nA sentence added after the rewrite.\n",
            "Rewritten history"
        );
        en.Run("remote", "remove", "origin"); // the runner's checkout has only the rewritten history
        en.Run("reflog", "expire", "--expire=now", "--all");
        en.Run("gc", "-q", "--prune=now");
        Assert.NotEqual(0, en.TryRun(out _, "cat-file", "-e", oldTip + "^{commit}"));

        var forced = Assert.Single(h.Push(oldTip, rewritten, OnePullRequest, forced: true));
        Assert.True(forced.Operation == ActionOperation.Created, forced.Message + "\n" + h.Host);
        Assert.Contains("no longer in the English history", h.Host.ToString());
        Assert.Equal(rewritten, SyncState.Read(Checkout("amts/sync-zh"))!.SourceCommit);

        var next = h.EnglishCommit(
            "chapter_introduction/index.md",
            File.ReadAllText(Path.Combine(h.English, "chapter_introduction/index.md")) + "\nOne more sentence.\n",
            "After the rewrite"
        );
        var after = Assert.Single(h.Push(rewritten, next, OnePullRequest));
        Assert.Equal(ActionOperation.Updated, after.Operation);
        Assert.Contains($"English {rewritten[..7]}..{next[..7]}", h.Host.ToString());
    }

    [Fact]
    public void A_shallow_checkout_is_deepened_or_refused_with_the_fix()
    {
        var (c21, c23) = (h.Commit(21), h.Commit(23));
        var shallow = Path.Combine(TestData.TempDir(), "en");
        new GitCli(TestData.TempDir()).Run("clone", "-q", "--depth", "1", "file://" + h.English, shallow);
        new GitCli(shallow).Run("checkout", "-q", "--detach");
        h.English = shallow;
        var outcome = Assert.Single(h.Push(c21, c23));
        Assert.Contains("shallow; fetching its full history", h.Host.ToString());
        Assert.Equal(ActionOperation.Created, outcome.Operation);

        var refused = Path.Combine(TestData.TempDir(), "en");
        new GitCli(TestData.TempDir()).Run("clone", "-q", "--depth", "1", "file://" + h.English, refused);
        new GitCli(refused).Run("remote", "remove", "origin");
        h.English = refused;
        var failed = Assert.Single(h.Push(null, new GitCli(refused).Run("rev-parse", "HEAD").Trim()));
        Assert.Equal(ActionOperation.Failed, failed.Operation);
        Assert.Contains("fetch-depth: 0", failed.Message);
    }

    [Fact]
    public void Translators_merging_into_the_base_while_the_pr_is_open_keep_their_lines_and_commits()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(21), h.Commit(23))).Operation);
        // A line the bot changed in one file, and another file the bot did not touch.
        var diff = h
            .Remote.Run("diff", "--name-only", "master", "amts/sync-zh")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(".md") && !p.EndsWith("_origin.md"))
            .ToList();
        var file = diff[0];
        var botText = h.Remote.Run("show", $"amts/sync-zh:{file}").Split('\n');
        var baseText = h.Remote.Run("show", $"master:{file}").Split('\n');
        int changed = Enumerable
            .Range(0, Math.Min(botText.Length, baseText.Length))
            .First(i => botText[i] != baseText[i]);
        var translator = h.Work();
        var lines = baseText.ToArray();
        lines[changed] = "译者的新译文。";
        File.WriteAllText(Path.Combine(translator.WorkTree, file), string.Join('\n', lines));
        var other = "chapter_preface/index.md";
        File.AppendAllText(Path.Combine(translator.WorkTree, other), "\n译者补充的一句话。\n");
        translator.Run("commit", "-q", "-am", "Translator's own PR, merged into master");
        translator.Run("push", "-q", "origin", "master");
        // A translator also pushes a commit to the sync branch itself.
        translator.Run("fetch", "-q", "origin");
        translator.Run("checkout", "-q", "-b", "sync", "origin/amts/sync-zh");
        File.WriteAllText(Path.Combine(translator.WorkTree, "NOTES_zh.txt"), "术语表待更新\n");
        translator.Run("add", "NOTES_zh.txt");
        translator.Run("commit", "-q", "-m", "A human commit on the sync branch");
        var humanCommit = translator.Run("rev-parse", "HEAD").Trim();
        translator.Run("push", "-q", "origin", "sync:amts/sync-zh");

        var outcome = Assert.Single(h.Push(h.Commit(23), h.Commit(30)));
        Assert.True(outcome.Operation == ActionOperation.Updated, outcome.Message + "\n" + h.Host);
        var branch = Checkout("amts/sync-zh");
        Assert.Contains("译者的新译文。", File.ReadAllText(Path.Combine(branch, file)));
        Assert.Contains("译者补充的一句话。", File.ReadAllText(Path.Combine(branch, other)));
        Assert.Equal(0, h.Remote.TryRun(out _, "merge-base", "--is-ancestor", humanCommit, "amts/sync-zh"));
        Assert.Equal(0, h.Remote.TryRun(out _, "merge-base", "--is-ancestor", "master", "amts/sync-zh"));
        var body = h.GitHub.Pulls.Single().Body;
        Assert.Contains($"<code>{file}</code>: translator's lines kept", body);
        Assert.Contains("`master` was merged into `amts/sync-zh`", body);
    }

    string Checkout(string branch)
    {
        var dir = Path.Combine(TestData.TempDir(), "zh");
        GitCli.Clone(h.Git.PathOf(ActionHarness.Zh), dir, "-q", "--branch", branch);
        return dir;
    }
}
