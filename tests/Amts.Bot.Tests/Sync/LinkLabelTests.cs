using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// A paragraph that is one link and nothing else, added in English (the JAX push e497dd5 of d2l-en-v1 adds a
/// <c>[Discussions](…)</c> tab to 65 files), is written the way the file writes its other such links: d2l-pt has no
/// convention across the book (143 verbatim, 105 "Discussão", 71 "Discussões") but each file has one. Where the file's
/// own links disagree, or it has none, the link stays an item for review.
/// </summary>
[Trait("Category", "Integration")]
public class LinkLabelTests
{
    const string Discussao = "chapter_optimization/adagrad.md"; // 3 × [Discussão](…)
    const string Discussoes = "chapter_generative-adversarial-networks/dcgan.md"; // 2 × [Discussões](…)
    const string Verbatim = "chapter_linear-networks/linear-regression-scratch.md"; // 3 × [Discussions](…)
    const string Mixed = "chapter_preliminaries/probability.md"; // 3 × [Discussão](…), one made "Discussões" here

    static string JaxTab(string label, int thread) =>
        $":begin_tab:`jax`\n[{label}](https://discuss.d2l.ai/t/{thread})\n:end_tab:\n";

    const string NoBase = "chapter_preliminaries/pandas.md"; // no convincing base among r0.17 and the releases

    /// <summary>One sync for the class: the JAX tab added to each file above in one English commit after
    /// r0.17.</summary>
    static readonly Lazy<Task<(string Pt, SyncReport Report)>> Synced = new(SyncAsync);

    static async Task<(string, SyncReport)> SyncAsync()
    {
        var en = TestData.FreshClone("d2l-en-v1");
        var pt = TestData.FreshClone("d2l-pt");
        var git = new GitCli(en);
        var from = git.Run("rev-list", "--max-parents=0", "HEAD").Trim(); // 51ddf65: r0.17, the base pt follows
        git.Run("checkout", "-q", "-b", "jax", from);
        int thread = 17000;
        foreach (var path in new[] { Discussao, Discussoes, Verbatim, Mixed, NoBase })
            File.AppendAllText(Path.Combine(en, path), "\n" + JaxTab("Discussions", ++thread));
        git.Run("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-qam", "JAX discussions");
        var probability = Path.Combine(pt, Mixed);
        var human = File.ReadAllText(probability);
        int last = human.LastIndexOf("[Discussão]", StringComparison.Ordinal);
        File.WriteAllText(probability, human[..last] + "[Discussões]" + human[(last + "[Discussão]".Length)..]);
        new GitCli(pt).Run("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qam", "mixed labels");
        var report = await new SyncRunner(null).RunAsync(
            new SyncOptions
            {
                Source = en,
                Target = pt,
                Language = "pt",
                From = from,
                To = "HEAD",
                Commit = true,
                EnglishRevisions = [TestData.FreshClone("d2l-en-releases")],
            }
        );
        return (pt, report);
    }

    [Fact]
    public async Task A_jax_discussions_tab_takes_the_label_the_file_gives_its_other_discussion_links()
    {
        var (pt, report) = await Synced.Value;

        string Written(string path) => File.ReadAllText(Path.Combine(pt, path));
        Assert.Contains(JaxTab("Discussão", 17001), Written(Discussao));
        Assert.Contains(JaxTab("Discussões", 17002), Written(Discussoes));
        Assert.Contains(JaxTab("Discussions", 17003), Written(Verbatim));
        AppliedChange JaxChange(string path) =>
            Assert.Single(Assert.Single(report.Files, f => f.SourcePath == path).Changes, c =>
                c.Change.EnglishAfter?.Contains("`jax`", StringComparison.Ordinal) == true
            );
        foreach (var path in new[] { Discussao, Discussoes, Verbatim })
        {
            var change = JaxChange(path);
            Assert.False(change.NeedsReview, $"{path}: {change.Change.Reason}");
            Assert.Contains("as this file writes", change.Change.Reason, StringComparison.Ordinal);
        }
        // The file's own links disagree: nothing to follow, the English link is left for a human.
        Assert.Contains("[Discussions](https://discuss.d2l.ai/t/17004)", Written(Mixed)[^400..]);
        Assert.True(JaxChange(Mixed).NeedsReview);
    }

    [Fact]
    public async Task A_tab_group_added_to_a_file_without_a_base_is_one_item_to_carry_by_hand()
    {
        var (_, report) = await Synced.Value;

        // It was three: the begin marker, the link and the end marker, each an item of its own.
        var file = Assert.Single(report.Files, f => f.SourcePath == NoBase);
        var item = Assert.Single(file.Changes);
        Assert.True(item.NeedsReview);
        Assert.StartsWith("no base for this file", item.Change.Reason, StringComparison.Ordinal);
        Assert.Equal(3, item.Change.English!.Value.Last - item.Change.English.Value.First + 1);
        Assert.Equal(JaxTab("Discussions", 17005).TrimEnd('\n'), item.Change.EnglishAfter);
    }
}
