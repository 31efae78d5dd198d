using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Sync;

/// <summary>Shared by the tab group tests: planning one file and applying it as the memory engine does without a
/// translation (every segment stays English, marked).</summary>
static class TabGroupPlans
{
    public static LengthModel Lengths(string english, string target)
    {
        int e = english.Count(c => !char.IsWhiteSpace(c)),
            t = target.Count(c => !char.IsWhiteSpace(c));
        return e > 0 && t > 0 ? new LengthModel((double)t / e, 0.6, 2.0) : LengthModel.Neutral;
    }

    public static FilePlan Plan(string language, string path, string oldEnglish, string newEnglish, string target) =>
        new FilePlanner(language, CosmeticRules.Default, Lengths(oldEnglish, target)).Plan(
            path,
            MarkdownDocument.Parse(oldEnglish, path),
            MarkdownDocument.Parse(newEnglish, path),
            MarkdownDocument.Parse(target, path)
        );

    public static string ApplyUntranslated(FilePlan plan) =>
        FilePlanner
            .Apply(plan, plan.Requests.Select(_ => new TranslationResult(null, "no translation")).ToList())
            .NewTarget;

    public static int Begins(string text) => StructureCount.Of(text).TabBegins;

    /// <summary>The tab names of the group each line of <paramref name="text"/> containing <paramref name="what"/> is
    /// in ("" outside any group), in order.</summary>
    public static List<string> GroupsOf(string text, string what)
    {
        var found = new List<string>();
        string current = "";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(":begin_tab:", StringComparison.Ordinal))
                current = line.Trim();
            else if (line.StartsWith(":end_tab:", StringComparison.Ordinal))
                current = "";
            else if (line.Contains(what, StringComparison.Ordinal))
                found.Add(current);
        }
        return found;
    }
}

/// <summary>Issue 18, class 1: tab groups are structure, carried as groups. Hand-made files: a group inserted,
/// removed, its marker changed, put around existing blocks; a split or joined group and an unlocated marker stay
/// review.</summary>
[Trait("Category", "Unit")]
public class TabGroupTests
{
    const string Path = "chapter_x/gpu.md";

    const string English = """
        # Tensors and GPUs
        :label:`sec_gpu`

        By default, tensors are created on the CPU, as in $\mathbf{x} \in \mathbb{R}^3$.

        :begin_tab:`mxnet`
        MXNet names a device by `mx.gpu(0)`, see :numref:`sec_ctx`.
        :end_tab:

        :begin_tab:`pytorch`
        PyTorch names a device by `torch.device('cuda:0')`, see :numref:`sec_dev`.
        :end_tab:

        ## Summary

        We can specify devices for storage and calculation, such as `cpu()` and `gpu(0)`.

        """;

    const string Chinese = """
        # 张量与GPU
        :label:`sec_gpu`

        默认情况下，张量是在CPU上创建的，如 $\mathbf{x} \in \mathbb{R}^3$。

        :begin_tab:`mxnet`
        MXNet用`mx.gpu(0)`表示设备，参见 :numref:`sec_ctx`。
        :end_tab:

        :begin_tab:`pytorch`
        PyTorch用`torch.device('cuda:0')`表示设备，参见 :numref:`sec_dev`。
        :end_tab:

        ## 小结

        我们可以指定用于存储和计算的设备，例如`cpu()`和`gpu(0)`。

        """;

    const string PyTorchGroup = """
        :begin_tab:`pytorch`
        PyTorch names a device by `torch.device('cuda:0')`, see :numref:`sec_dev`.
        :end_tab:

        """;

    const string JaxGroup = """
        :begin_tab:`jax`
        JAX puts arrays on the GPU by default, see :numref:`sec_jax`.
        :end_tab:

        """;

    static (FilePlan Plan, string Result) Sync(string newEnglish, string? target = null, string? oldEnglish = null)
    {
        var plan = TabGroupPlans.Plan("zh", Path, oldEnglish ?? English, newEnglish, target ?? Chinese);
        return (plan, TabGroupPlans.ApplyUntranslated(plan));
    }

    [Fact]
    public void A_whole_group_added_in_English_is_inserted_with_its_markers()
    {
        var (plan, result) = Sync(English.Replace(PyTorchGroup, PyTorchGroup + JaxGroup));
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Inserted, change.Kind);
        Assert.False(change.NeedsReview);
        Assert.Equal(new StructureCount(1, 1, 0), plan.Evidence[0].EnglishDelta);
        Assert.Empty(PlanInvariant.Check(plan));
        const string m = BotMarkers.Untranslated;
        var expected = Chinese.Replace(
            "参见 :numref:`sec_dev`。\n:end_tab:\n\n",
            "参见 :numref:`sec_dev`。\n:end_tab:\n\n:begin_tab:`jax`\n"
                + m
                + "JAX puts arrays on the GPU by default, see :numref:`sec_jax`.\n:end_tab:\n\n"
        );
        Assert.Equal(expected, result);
        Assert.True(SyncPlanner.Balanced(result));
    }

    [Fact]
    public void A_whole_group_removed_in_English_goes_whole()
    {
        var (plan, result) = Sync(English.Replace(PyTorchGroup, ""));
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Deleted, change.Kind);
        Assert.False(change.NeedsReview);
        Assert.Equal(new StructureCount(-1, -1, 0), plan.Evidence[0].EnglishDelta);
        Assert.Empty(PlanInvariant.Check(plan));
        int from = Chinese.IndexOf(":begin_tab:`pytorch`", StringComparison.Ordinal);
        var pytorch = Chinese[from..Chinese.IndexOf("## 小结", StringComparison.Ordinal)];
        Assert.Equal(Chinese.Replace(pytorch, ""), result);
    }

    [Fact]
    public void A_group_removed_next_to_an_edited_group_goes_whole_though_the_diff_pairs_the_other_end_marker()
    {
        // The block diff pairs the mxnet group's :end_tab: with the pytorch group's (the same line): re-paired, the
        // pytorch group is a whole removal again.
        var english = English.Replace(PyTorchGroup, "").Replace("`mx.gpu(0)`", "`mx.gpu(1)`");
        var old = MarkdownDocument.Parse(English);
        int mxnetEnd = old.Blocks.ToList().FindIndex(x => x.Kind == BlockKind.TabEnd);
        var diff = BlockDiff.Diff(old, MarkdownDocument.Parse(english));
        Assert.Contains(diff, e => e.Kind == BlockEditKind.Deleted && e.Old == mxnetEnd);
        Assert.DoesNotContain(TabGroups.WholeGroups(diff, old, MarkdownDocument.Parse(english)), e =>
            e.Kind == BlockEditKind.Deleted && e.Old == mxnetEnd
        );
        var (plan, result) = Sync(english);
        Assert.DoesNotContain(plan.Changes, c => c.NeedsReview);
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.Deleted && c.Reason.Contains("tab group removed"));
        Assert.Empty(PlanInvariant.Check(plan));
        int from = Chinese.IndexOf(":begin_tab:`pytorch`", StringComparison.Ordinal);
        var pytorch = Chinese[from..Chinese.IndexOf("## 小结", StringComparison.Ordinal)];
        Assert.Equal(Chinese.Replace(pytorch, "").Replace("`mx.gpu(0)`", "`mx.gpu(1)`"), result);
    }

    [Fact]
    public void A_changed_marker_line_is_patched_in_place_and_the_content_stays_byte_for_byte()
    {
        var (plan, result) = Sync(English.Replace(":begin_tab:`pytorch`", ":begin_tab:`pytorch, jax`"));
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Patched, change.Kind);
        Assert.False(change.NeedsReview);
        Assert.Empty(PlanInvariant.Check(plan));
        Assert.Equal(Chinese.Replace(":begin_tab:`pytorch`", ":begin_tab:`pytorch, jax`"), result);
    }

    [Fact]
    public void Blocks_English_puts_into_a_new_group_get_the_markers_around_their_translation()
    {
        const string paragraph =
            "By default, tensors are created on the CPU, as in $\\mathbf{x} \\in \\mathbb{R}^3$.\n";
        var (plan, result) = Sync(English.Replace(paragraph, ":begin_tab:`pytorch`\n" + paragraph + ":end_tab:\n"));
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Inserted, change.Kind);
        Assert.False(change.NeedsReview);
        Assert.Equal(new StructureCount(1, 1, 0), plan.Evidence[0].EnglishDelta);
        Assert.Empty(PlanInvariant.Check(plan));
        const string human = "默认情况下，张量是在CPU上创建的，如 $\\mathbf{x} \\in \\mathbb{R}^3$。\n";
        Assert.Equal(Chinese.Replace(human, ":begin_tab:`pytorch`\n" + human + ":end_tab:\n"), result);
    }

    [Fact]
    public void A_group_the_translation_has_already_is_kept_and_what_follows_it_goes_after_its_end_marker()
    {
        // The translation was made from a newer English than its origin: it has the pytorch group, the origin not.
        var origin = English.Replace(
            PyTorchGroup,
            PyTorchGroup[":begin_tab:`pytorch`\n".Length..].Replace(":end_tab:\n", "")
        );
        const string added = "Devices can be listed, see :numref:`sec_list`.\n";
        var (plan, result) = Sync(English.Replace(PyTorchGroup, PyTorchGroup + added + "\n"), Chinese, origin);
        Assert.DoesNotContain(plan.Changes, c => c.NeedsReview);
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.Kept && c.Reason.Contains("in that group already"));
        Assert.Empty(PlanInvariant.Check(plan));
        Assert.Equal(
            Chinese.Replace(
                "参见 :numref:`sec_dev`。\n:end_tab:\n",
                "参见 :numref:`sec_dev`。\n:end_tab:\n\n" + BotMarkers.Untranslated + added
            ),
            result
        );
    }

    [Fact]
    public void Blocks_English_takes_out_of_their_group_keep_their_translation_and_lose_the_markers()
    {
        var (plan, result) = Sync(
            English.Replace(PyTorchGroup, PyTorchGroup[":begin_tab:`pytorch`\n".Length..].Replace(":end_tab:\n", ""))
        );
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Deleted, change.Kind);
        Assert.False(change.NeedsReview);
        Assert.Equal(new StructureCount(-1, -1, 0), plan.Evidence[0].EnglishDelta);
        Assert.Empty(PlanInvariant.Check(plan));
        const string human = "PyTorch用`torch.device('cuda:0')`表示设备，参见 :numref:`sec_dev`。\n";
        Assert.Equal(Chinese.Replace(":begin_tab:`pytorch`\n" + human + ":end_tab:\n", human), result);
    }

    [Fact]
    public void Blocks_English_rewrites_as_it_takes_them_out_of_their_group_keep_the_markers_unless_it_is_carried()
    {
        var english = English.Replace(
            PyTorchGroup,
            PyTorchGroup[":begin_tab:`pytorch`\n".Length..]
                .Replace(":end_tab:\n", "")
                .Replace("PyTorch names a device", "Frameworks name a device")
        );
        var zh = Chinese.Replace("PyTorch用`torch.device('cuda:0')`表示设备，参见 :numref:`sec_dev`。", Own);
        var (plan, result) = Sync(english, zh);
        Assert.Contains(plan.Changes, c => c.NeedsReview);
        Assert.Equal(zh, result);
        Assert.Empty(PlanInvariant.Check(plan));
        var (carried, unwrapped) = Sync(english);
        Assert.DoesNotContain(carried.Changes, c => c.NeedsReview);
        Assert.DoesNotContain(":begin_tab:`pytorch`", unwrapped);
        Assert.True(SyncPlanner.Balanced(unwrapped));
    }

    [Fact]
    public void A_block_added_right_after_blocks_taken_out_of_their_group_goes_in_after_them()
    {
        const string added = "JAX has no device object, see :numref:`sec_jax`.\n";
        var unwrapped = PyTorchGroup[":begin_tab:`pytorch`\n".Length..].Replace(":end_tab:\n", "\n" + added);
        var (plan, result) = Sync(English.Replace(PyTorchGroup, unwrapped));
        Assert.DoesNotContain(plan.Changes, c => c.NeedsReview);
        Assert.Equal(2, plan.Changes.Count);
        Assert.Empty(PlanInvariant.Check(plan));
        const string human = "PyTorch用`torch.device('cuda:0')`表示设备，参见 :numref:`sec_dev`。\n";
        Assert.Equal(
            Chinese.Replace(
                ":begin_tab:`pytorch`\n" + human + ":end_tab:\n",
                human + "\n" + BotMarkers.Untranslated + added
            ),
            result
        );
    }

    /// <summary>English's two groups as one group for both frameworks (and the translation likewise).</summary>
    static (string English, string Chinese) Joined() =>
        (
            English
                .Replace("see :numref:`sec_ctx`.\n:end_tab:\n\n:begin_tab:`pytorch`\n", "see :numref:`sec_ctx`.\n\n")
                .Replace(":begin_tab:`mxnet`", ":begin_tab:`mxnet, pytorch`"),
            Chinese
                .Replace(
                    "参见 :numref:`sec_ctx`。\n:end_tab:\n\n:begin_tab:`pytorch`\n",
                    "参见 :numref:`sec_ctx`。\n\n"
                )
                .Replace(":begin_tab:`mxnet`", ":begin_tab:`mxnet, pytorch`")
        );

    [Fact]
    public void A_group_English_splits_stays_review_and_the_translation_keeps_its_group()
    {
        var (joined, zhJoined) = Joined();
        Assert.Equal(1, TabGroupPlans.Begins(joined));
        var (plan, result) = Sync(English, zhJoined, joined);
        Assert.Contains(plan.Changes, c => c.NeedsReview);
        Assert.DoesNotContain(plan.Changes, c => c.Kind is ChangeKind.Patched or ChangeKind.Inserted);
        Assert.Equal(zhJoined, result);
    }

    [Fact]
    public void Two_groups_English_joins_stay_review_and_the_translation_keeps_its_groups()
    {
        var (joined, _) = Joined();
        var (plan, result) = Sync(joined);
        Assert.Contains(plan.Changes, c => c.NeedsReview);
        Assert.DoesNotContain(plan.Changes, c => c.Kind is ChangeKind.Patched or ChangeKind.Deleted);
        Assert.Equal(Chinese, result);
    }

    [Fact]
    public void A_group_relabelled_with_its_content_rewritten_is_relabelled_when_the_content_is_carried()
    {
        // pytorch → jax with other content: the marker follows only if the content's change is carried too.
        var english = English
            .Replace(":begin_tab:`pytorch`", ":begin_tab:`jax`")
            .Replace("PyTorch names a device by `torch.device('cuda:0')`", "JAX names a device by `jax.devices()[0]`");
        var (plan, result) = Sync(english);
        Assert.DoesNotContain(plan.Changes, c => c.NeedsReview);
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.Patched && c.Reason.Contains("marker"));
        Assert.Contains(":begin_tab:`jax`\n" + BotMarkers.Untranslated + "JAX names a device", result);
        Assert.Empty(PlanInvariant.Check(plan));
    }

    [Fact]
    public void A_group_relabelled_with_content_that_is_not_carried_keeps_the_translation_s_marker_and_is_review()
    {
        // The translation's pytorch sentence does not follow its English: its change is review, and the pytorch text
        // must not be shown to jax readers.
        var zh = Chinese.Replace("PyTorch用`torch.device('cuda:0')`表示设备，参见 :numref:`sec_dev`。", Own);
        var english = English
            .Replace(":begin_tab:`pytorch`", ":begin_tab:`jax`")
            .Replace("PyTorch names a device by `torch.device('cuda:0')`", "JAX names a device by `jax.devices()[0]`");
        var (plan, result) = Sync(english, zh);
        Assert.Contains(plan.Changes, c => c.NeedsReview && c.Reason.Contains("its content changed too"));
        Assert.DoesNotContain(plan.Changes, c => c.Kind == ChangeKind.Patched && c.Reason.Contains("marker"));
        Assert.Equal(zh, result);
        Assert.Empty(PlanInvariant.Check(plan));
    }

    /// <summary>A paragraph the translator wrote in their own way (three sentences, none the English one).</summary>
    const string Own = "这是译者自己写的说明。它和英文的句子并不对应。更多内容见后文。";

    [Fact]
    public void Blocks_English_rewrites_as_it_puts_them_into_a_group_get_the_markers_only_with_the_rewrite()
    {
        const string paragraph =
            "By default, tensors are created on the CPU, as in $\\mathbf{x} \\in \\mathbb{R}^3$.\n";
        const string rewritten =
            "PyTorch creates tensors on the CPU unless told otherwise, as in $\\mathbf{x} \\in \\mathbb{R}^3$.\n";
        var english = English.Replace(paragraph, ":begin_tab:`pytorch`\n" + rewritten + ":end_tab:\n");
        // Carried (the sentence retranslated): the markers go around it.
        var (carried, withMarkers) = Sync(english);
        Assert.DoesNotContain(carried.Changes, c => c.NeedsReview);
        Assert.Contains(":begin_tab:`pytorch`\n" + BotMarkers.Untranslated + "PyTorch creates tensors", withMarkers);
        // Not carried (the translator's own paragraph does not follow the English): no markers, one review item more.
        const string human = "默认情况下，张量是在CPU上创建的，如 $\\mathbf{x} \\in \\mathbb{R}^3$。";
        var zh = Chinese.Replace(human, Own + "如 $\\mathbf{x} \\in \\mathbb{R}^3$。");
        var (plan, result) = Sync(english, zh);
        Assert.Contains(plan.Changes, c => c.NeedsReview && c.Reason.Contains("put these blocks into a tab group"));
        Assert.Equal(zh, result);
        Assert.Empty(PlanInvariant.Check(plan));
    }

    [Fact]
    public void A_changed_marker_the_translation_does_not_have_stays_review()
    {
        // The translation merged the two groups into one of its own: its marker is not the old English one.
        var zh = Chinese.Replace(":begin_tab:`pytorch`", ":begin_tab:`pytorch, tensorflow`");
        var (plan, result) = Sync(English.Replace(":begin_tab:`pytorch`", ":begin_tab:`pytorch, jax`"), zh);
        var change = Assert.Single(plan.Changes);
        Assert.True(change.NeedsReview);
        Assert.Equal(zh, result);
    }

    [Fact]
    public void A_group_added_where_no_neighbour_is_located_is_one_review_item_and_nothing_is_inserted()
    {
        // The translation has no summary yet: nothing to anchor a group added inside the summary to.
        var zh = Chinese[..Chinese.IndexOf("## 小结", StringComparison.Ordinal)];
        var english = English.Replace("## Summary\n\n", "## Summary\n\n" + JaxGroup);
        var (plan, result) = Sync(english, zh);
        var review = Assert.Single(plan.Changes);
        Assert.True(review.NeedsReview);
        Assert.Contains("tab group added in English", review.Reason);
        Assert.Equal(new LineRange(16, 18), review.English);
        Assert.Equal(zh, result);
    }
}

/// <summary>Issue 18 on real data: the v1.0 restructuring of d2l-en (d2l-en-v1 51ddf65 → dc2cad1) carried into
/// d2l-ja's use-gpu.md, whose English puts one sentence into a pytorch group and adds the same sentence for mxnet and
/// tensorflow (and another for jax), each in a group of its own.</summary>
[Trait("Category", "Integration")]
public class TabGroupRealDataTests
{
    static readonly Lazy<string> Japanese = new(() => TestData.FreshClone("d2l-ja"));
    static readonly Lazy<string> EnglishV1 = new(() => TestData.FreshClone("d2l-en-v1"));

    static string Show(string repo, string rev, string path) => new GitCli(repo).Run("show", $"{rev}:{path}");

    [Fact]
    public void Use_gpu_day_one_keeps_every_framework_sentence_in_its_own_group()
    {
        const string oldPath = "chapter_deep-learning-computation/use-gpu.md";
        const string newPath = "chapter_builders-guide/use-gpu.md";
        var origin = Show(Japanese.Value, "HEAD", "chapter_deep-learning-computation/use-gpu_origin.md");
        var target = Show(Japanese.Value, "HEAD", oldPath);
        var newEnglish = Show(EnglishV1.Value, "dc2cad1", newPath);
        const string human = "デフォルトでは、テンソルは CPU 上に作成されます。";
        Assert.Single(TabGroupPlans.GroupsOf(target, human));

        var plan = TabGroupPlans.Plan("ja", newPath, origin, newEnglish, target);
        var result = TabGroupPlans.ApplyUntranslated(plan);

        Assert.Equal(TabGroupPlans.Begins(newEnglish), TabGroupPlans.Begins(result));
        Assert.Equal(StructureCount.Of(newEnglish).TabEnds, StructureCount.Of(result).TabEnds);
        Assert.True(SyncPlanner.Balanced(result));
        // The human sentence stands once, in the pytorch group; the mxnet and tensorflow ones are new (English here).
        Assert.Equal([":begin_tab:`pytorch`"], TabGroupPlans.GroupsOf(result, human));
        Assert.Equal(
            [":begin_tab:`mxnet`", ":begin_tab:`tensorflow`"],
            TabGroupPlans.GroupsOf(result, "By default, tensors are created on the CPU.")
        );
        Assert.Equal(
            [":begin_tab:`jax`"],
            TabGroupPlans.GroupsOf(result, "By default, tensors are created on the GPU/TPU")
        );
        Assert.DoesNotContain(plan.Changes, c => c.Reason.Contains("tab group marker added", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Changes, c => c.Reason.Contains("plan invariant", StringComparison.Ordinal));
    }
}
