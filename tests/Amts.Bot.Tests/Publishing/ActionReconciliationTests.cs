using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Sync.Run;

namespace Amts.Bot.Tests.Publishing;

/// <summary>Issue 23, "What was seen" 1 and 2: a force-push that takes English commits away. The reconciliation plans
/// every path of the English against the translation's branch (renames and removals too), only for the files whose
/// recorded English left the history, so the branch ends where a clean sync from the same base ends; and the
/// pull request's body says which files were reconciled and why for as long as it lives.</summary>
[Trait("Category", "Integration")]
public class ActionReconciliationTests : IDisposable
{
    const string Intro = "chapter_introduction/index.md";
    const string Hostile = "chapter_introduction/@astonzhang #1 <img src=x onerror=alert(1)>.md";
    const string Preface = "chapter_preface/index.md";
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    GitCli En => AsAuthor(new GitCli(h.English));

    static GitCli AsAuthor(GitCli git)
    {
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "author";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "author@example.org";
        return git;
    }

    /// <summary>The first sync merged (the base follows commit 23), then an English commit that renames the
    /// introduction to a hostile name, synced into an open pull request; then a force-push takes it away.</summary>
    (string Base, string Renamed) RenameThenForcePushAway()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(h.Commit(21), h.Commit(23))).Operation);
        h.Merge(1);
        var c23 = h.Commit(23);
        En.Run("reset", "-q", "--hard", c23); // the English is at commit 23, then the rename
        En.Run("mv", Intro, Hostile);
        En.Run("commit", "-q", "-m", "Rename the introduction");
        var renamed = En.Run("rev-parse", "HEAD").Trim();
        var second = Assert.Single(h.Push(c23, renamed));
        Assert.True(second.Operation == ActionOperation.Created, second.Message + "\n" + h.Host);
        Assert.Contains(Hostile, Tree("amts/sync-zh")); // the sync followed the rename
        Assert.DoesNotContain(Intro, Tree("amts/sync-zh"));

        // The force-push: the rename is gone from the English history (and from the runner's checkout).
        En.Run("reset", "-q", "--hard", c23);
        En.Run("remote", "remove", "origin");
        En.Run("reflog", "expire", "--expire=now", "--all");
        En.Run("gc", "-q", "--prune=now");
        Assert.NotEqual(0, En.TryRun(out _, "cat-file", "-e", renamed + "^{commit}"));
        return (c23, renamed);
    }

    IReadOnlyList<string> Tree(string rev) =>
        h
            .Remote.Run("-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", rev)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_force_push_that_undoes_a_rename_takes_the_rename_back_and_the_branch_equals_a_clean_sync()
    {
        var (c23, renamed) = RenameThenForcePushAway();
        var forced = Assert.Single(h.Push(renamed, c23, forced: true));
        Assert.True(forced.Error == null, forced.Message + " " + forced.Error + "\n" + h.Host);
        var next = h.EnglishCommit(
            Preface,
            File.ReadAllText(Path.Combine(h.English, Preface)) + "\nOne more sentence after the rewrite.\n",
            "After the rewrite"
        );
        var after = Assert.Single(h.Push(c23, next));
        Assert.True(after.Error == null, after.Message + " " + after.Error + "\n" + h.Host);

        // Nothing under the hostile name; the introduction is where it was, with its human text.
        var tree = Tree("amts/sync-zh");
        Assert.DoesNotContain(tree, p => p.Contains("astonzhang", StringComparison.Ordinal));
        Assert.Contains(Intro, tree);
        Assert.Equal(h.Remote.Run("show", "master:" + Intro), h.Remote.Run("show", "amts/sync-zh:" + Intro));
        var diff = h.Remote.Run("-c", "core.quotePath=false", "diff", "-M", "--name-status", "master...amts/sync-zh");
        Assert.DoesNotContain("astonzhang", diff);
        Assert.DoesNotContain("chapter_introduction", diff);

        // Byte for byte the tree of a clean sync of the same English from the same base.
        var clean = Path.Combine(TestData.TempDir(), "zh");
        var cleanGit = AsAuthor(GitCli.Clone(h.Git.PathOf(ActionHarness.Zh), clean, "-q", "--branch", "master"));
        cleanGit.AsBot();
        await new SyncRunner(null).RunAsync(
            new SyncOptions
            {
                Source = h.English,
                Target = clean,
                Language = "zh",
                From = c23,
                To = next,
                Commit = true,
                Branch = "amts/sync-zh",
            }
        );
        var expected = cleanGit.Run("ls-tree", "-r", "HEAD");
        var actual = h.Remote.Run("ls-tree", "-r", "amts/sync-zh");
        Assert.Equal(expected, actual);

        // The body says, still after the next push, which file was reconciled and why; no row for the hostile name.
        var body = h.GitHub.Pulls.Single(p => p.State == "open").Body;
        Assert.Contains("Reconciled after the English history was rewritten", body);
        Assert.Contains("chapter_introduction", body);
        var rows = body.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(rows, r => r.Contains("astonzhang", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("| added |", StringComparison.Ordinal));
    }

    [Fact]
    public void A_force_push_reconciles_only_the_files_whose_english_left_the_history()
    {
        var (c23, renamed) = RenameThenForcePushAway();
        var forced = Assert.Single(h.Push(renamed, c23, forced: true));
        Assert.True(forced.Error == null, forced.Message + " " + forced.Error + "\n" + h.Host);
        Assert.Empty(forced.SeriesPulls);
        // Only the renamed file was reconciled, back to where the base has it: no whole-book catch-up of the files
        // whose _origin.md is older than any synced range, no engine characters.
        var changed = h
            .Remote.Run("diff", "--name-only", "master", "amts/sync-zh")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(
            changed.All(p => p.StartsWith(".amts/", StringComparison.Ordinal)),
            string.Join(", ", changed) + "\n" + h.Host
        );
        Assert.Equal(0, forced.MtChars);
        var body = h.GitHub.Pulls.Single(p => p.State == "open").Body;
        Assert.Contains("Reconciled after the English history was rewritten", body);
        Assert.Contains(Intro, body);
        Assert.DoesNotContain("reconciling each file", body);
    }
}
