using System.Text.RegularExpressions;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issue 18 on the real books: slide markers patched (never doubled or nested, a block never reflowed),
/// numbers-only edits patched into the human text, English comment lines deleted from code cells deleted with
/// their translation.</summary>
[Trait("Category", "Integration")]
public class PatchTests
{
    static readonly Lazy<string> EnglishV1 = new(() => TestData.FreshClone("d2l-en-v1"));
    static readonly Lazy<string> Japanese = new(() => TestData.FreshClone("d2l-ja"));

    /// <summary>d2l-en-v1's day one: r0.17 → the v1.0 restructuring.</summary>
    const string DayOne = "dc2cad1";

    static string Zh(string path) => new GitCli(TestData.ChineseRepo).Run("show", $"HEAD:{path}");

    static string En(string rev, string path) => new GitCli(TestData.EnglishRepo).Run("show", $"{rev}:{path}");

    static string Ja(string path) => new GitCli(Japanese.Value).Run("show", $"HEAD:{path}");

    static string EnV1(string rev, string path) => new GitCli(EnglishV1.Value).Run("show", $"{rev}:{path}");

    static FilePlan Plan(string lang, string path, string oldEnglish, string newEnglish, string target)
    {
        int e = oldEnglish.Count(c => !char.IsWhiteSpace(c)),
            t = target.Count(c => !char.IsWhiteSpace(c));
        var lengths = e > 0 && t > 0 ? new LengthModel((double)t / e, 0.6, 2.0) : LengthModel.Neutral;
        var planner = new FilePlanner(lang, CosmeticRules.Default, lengths);
        return planner.Plan(
            path,
            MarkdownDocument.Parse(oldEnglish, path),
            MarkdownDocument.Parse(newEnglish, path),
            MarkdownDocument.Parse(target, path)
        );
    }

    /// <summary>The plan applied as the memory engine does without a translation: segments stay English,
    /// marked.</summary>
    static string Apply(FilePlan plan) =>
        FilePlanner
            .Apply(plan, plan.Requests.Select(_ => new TranslationResult(null, "no translation")).ToList())
            .NewTarget;

    /// <summary>Slide markers opened while one is open, in prose (code cells and inline code left out:
    /// <c>f(**kwargs)</c> is Python). Written here on its own, independent of the code under test.</summary>
    internal static int Nested(string markdown)
    {
        int depth = 0,
            nested = 0;
        bool fence = false;
        foreach (var raw in markdown.Split('\n'))
        {
            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fence = !fence;
                continue;
            }
            if (fence)
                continue;
            var line = Regex.Replace(raw, "`[^`]*`", "");
            foreach (Match m in Regex.Matches(line, @"\(\*\*|\[\*\*|\*\*\)|\*\*\]"))
            {
                if (m.Value.EndsWith("**", StringComparison.Ordinal))
                {
                    if (depth++ > 0)
                        nested++;
                }
                else
                    depth = Math.Max(0, depth - 1);
            }
        }
        return nested;
    }

    // ---- 1. Slide markers ----

    [Fact]
    public void The_demo_softmax_equation_keeps_its_markers_once_and_its_three_lines()
    {
        // The demo's file: d2l-zh's translation has (** … **) of its own around the equation on lines of their own;
        // its _origin.md has none, the English puts them there and writes the equation on one line.
        const string path = "chapter_linear-networks/softmax-regression-scratch.md";
        var target = Zh(path);
        const string equation =
            "(**\n$$\n\\mathrm{softmax}(\\mathbf{X})_{ij} = "
            + "\\frac{\\exp(\\mathbf{X}_{ij})}{\\sum_k \\exp(\\mathbf{X}_{ik})}.\n$$\n**)\n";
        Assert.Contains(equation, target);
        Assert.Equal(0, Nested(target));
        var origin = Zh("chapter_linear-networks/softmax-regression-scratch_origin.md");
        var plan = Plan("zh", path, origin, En("HEAD", path), target);
        var written = Apply(plan);
        Assert.Equal(0, Nested(written));
        Assert.Contains(equation, written);
        // No change edits the equation or its markers; the three changes there (opener, formula, closer) keep them.
        int at = target.IndexOf(equation, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Edits, e => e.Start < at + equation.Length && e.End > at - 1);
        var there = plan
            .Changes.Where(c => c.EnglishAfter is { } e && (e.Trim() is "(**" or "**)" || e.Contains("softmax}(")))
            .ToList();
        Assert.Equal(3, there.Count);
        Assert.All(there, c => Assert.Equal(ChangeKind.Kept, c.Kind));
    }

    [Fact]
    public void A_heading_and_a_whole_sentence_the_english_puts_on_slides_get_markers_around_the_human_text()
    {
        const string path = "chapter_natural-language-processing-pretraining/bert-pretraining.md";
        var origin = Zh("chapter_natural-language-processing-pretraining/bert-pretraining_origin.md");
        var target = Zh(path);
        const string sentence = "Consider the sentence \"a crane is flying\".";
        const string heading = "## Representing Text with BERT";
        Assert.Contains(sentence, origin);
        Assert.Contains(heading + "\n", origin);
        var english = origin
            .Replace(sentence, "[**" + sentence + "**]")
            .Replace(heading + "\n", "## [**Representing Text with BERT**]\n");
        var plan = Plan("zh", path, origin, english, target);
        var written = Apply(plan);
        Assert.Contains("[**考虑“a crane is flying”这句话。**]回想一下", written);
        Assert.Contains("\n## [**用BERT表示文本**]\n", written);
        Assert.Empty(plan.Requests);
        Assert.Equal(0, Nested(written));
        Assert.Equal(target.Length + 12, written.Length); // the two pairs of markers and nothing else
    }

    [Fact]
    public void Markers_inside_a_sentence_cannot_be_placed_exactly_and_go_to_review()
    {
        const string path = "chapter_natural-language-processing-pretraining/bert-pretraining.md";
        var origin = Zh("chapter_natural-language-processing-pretraining/bert-pretraining_origin.md");
        var target = Zh(path);
        const string sentence = "Consider the sentence \"a crane is flying\".";
        var english = origin.Replace(sentence, "Consider [**the sentence \"a crane is flying\"**].");
        var plan = Plan("zh", path, origin, english, target);
        Assert.Equal(target, Apply(plan));
        Assert.Contains(plan.Changes, c =>
            c is { Kind: ChangeKind.Review, NeedsReview: true } && c.Reason.Contains("slide markers")
        );
    }

    [Fact]
    public void Markers_the_translation_has_already_are_kept_not_doubled()
    {
        // d2l-zh put (** … **) into "首先，我们(**构造一个没有任何参数的自定义层**)。" itself; the English adds its own.
        const string path = "chapter_deep-learning-computation/custom-layer.md";
        var origin = Zh("chapter_deep-learning-computation/custom-layer_origin.md");
        var target = Zh(path);
        const string sentence = "To start, we construct a custom layer that does not have any parameters of its own.";
        Assert.Contains(sentence, origin.Replace("\n", " "));
        var english = origin
            .Replace("To start, we construct", "To start, (**we construct")
            .Replace("parameters of its own.", "parameters of its own.**)");
        var plan = Plan("zh", path, origin, english, target);
        var written = Apply(plan);
        Assert.Equal(0, Nested(written));
        Assert.Contains("首先，我们(**构造一个没有任何参数的自定义层**)。", written);
    }

    [Fact]
    public void The_invariant_holds_back_a_change_that_would_nest_slide_markers()
    {
        const string path = "chapter_linear-networks/softmax-regression-scratch.md";
        var target = Zh(path);
        var origin = Zh("chapter_linear-networks/softmax-regression-scratch_origin.md");
        var english = origin.Replace("## Defining the Model\n", "## Defining the Whole Model\n");
        var plan = Plan("zh", path, origin, english, target);
        Assert.Empty(PlanInvariant.Check(plan));
        int change = plan.Changes.ToList().FindIndex(c => c.Kind == ChangeKind.Retranslated);
        Assert.True(change >= 0);
        // The same change wraps its heading twice.
        var edit = Assert.Single(plan.Edits, e => e.Change == change);
        var twice = edit with { Parts = [TemplatePart.Text("## (**[**定义模型**]**)\n")] };
        var bad = plan with { Edits = plan.Edits.Select(e => e == edit ? twice : e).ToList() };
        Assert.Contains(PlanInvariant.Check(bad), v => v.Change == change && v.Message.Contains("slide markers"));
        var enforced = PlanInvariant.Enforce(bad);
        Assert.Equal(ChangeKind.Review, enforced.Changes[change].Kind);
        Assert.Equal(0, Nested(Apply(enforced)));
    }

    // ---- 2. Numbers-only edits ----

    [Fact]
    public void A_block_whose_numbers_changed_is_patched_in_place()
    {
        const string path = "chapter_linear-networks/softmax-regression-scratch.md";
        var origin = Zh("chapter_linear-networks/softmax-regression-scratch_origin.md");
        var target = Zh(path);
        var english = origin.Replace("vectors of length 784.", "vectors of length 1024.");
        Assert.NotEqual(origin, english);
        var plan = Plan("zh", path, origin, english, target);
        var written = Apply(plan);
        Assert.Equal(target.Replace("长度为784的向量", "长度为1024的向量"), written);
        Assert.Empty(plan.Requests);
        Assert.Contains(plan.Changes, c =>
            c is { Kind: ChangeKind.Patched, NeedsReview: false } && c.Reason.Contains("784 → 1024")
        );
    }

    [Fact]
    public void A_changed_number_the_translation_has_twice_is_left_for_review()
    {
        const string path = "chapter_linear-networks/softmax-regression-scratch.md";
        var origin = Zh("chapter_linear-networks/softmax-regression-scratch_origin.md");
        // A translator who wrote the number twice: which one to change is not for the bot to guess.
        var target = Zh(path).Replace("长度为784的向量", "长度为784（即28×28=784）的向量");
        var english = origin.Replace("vectors of length 784.", "vectors of length 1024.");
        var plan = Plan("zh", path, origin, english, target);
        Assert.Equal(target, Apply(plan));
        Assert.Empty(plan.Requests);
        Assert.Contains(plan.Changes, c =>
            c is { Kind: ChangeKind.Review, NeedsReview: true } && c.EnglishAfter!.Contains("1024")
        );
    }

    [Fact]
    public void Only_numbers_and_versions_count_as_a_numbers_only_edit()
    {
        static Block P(string s) => MarkdownDocument.Parse(s).Blocks[0];
        static ChangeKind Of(string a, string b) => ChangeClassifier.Classify(P(a), P(b)).Kind;
        var how = ChangeClassifier.Classify(
            P("Use `cu100` for CUDA 10.0 and v0.17 of the book.\n"),
            P("Use `cu101` for\nCUDA 10.1 and v1.0 of the book.\n")
        );
        Assert.Equal(ChangeKind.Patched, how.Kind);
        Assert.Equal(["cu100>cu101", "10.0>10.1", "v0.17>v1.0"], how.Patches.Select(p => p.Old + ">" + p.New));
        Assert.Equal(ChangeKind.Retranslated, Of("We train 10 layers.\n", "We train ten layers.\n"));
        Assert.Equal(ChangeKind.Retranslated, Of("We train 10 layers.\n", "We train 10 more layers.\n"));
        Assert.Equal(ChangeKind.Retranslated, Of("Use cu100 here.\n", "Use rocm5 here.\n"));
        Assert.Equal(ChangeKind.Patched, Of("pip install mxnet==1.7.0.post1\n", "pip install mxnet==1.9.1\n"));
    }

    [Fact]
    public void Day_one_ja_installation_patches_cu101_into_the_human_sentence()
    {
        // The English moved the paragraph and changed `cu100`/CUDA 10.0 to `cu101`/10.1 (d2l-en-v1 day one).
        const string path = "chapter_installation/index.md";
        var target = Ja(path);
        const string human =
            "最後の数字は、CUDA のバージョンに応じて変更できます。"
            + "たとえば、CUDA 10.0 の場合は `cu100`、CUDA 9.0 の場合は `cu90` などです。";
        Assert.Contains(human, target);
        var plan = Plan("ja", path, Ja("chapter_installation/index_origin.md"), EnV1(DayOne, path), target);
        var written = Apply(plan);
        Assert.Contains(human.Replace("10.0", "10.1").Replace("cu100", "cu101"), written);
        Assert.DoesNotContain("You may change the last digits", written);
        Assert.Contains(plan.Changes, c =>
            c is { Kind: ChangeKind.Moved, NeedsReview: false }
            && c.Reason.Contains("numbers patched (cu100 → cu101, 10.0 → 10.1)")
        );
    }

    // ---- 3. English comment lines deleted from code cells ----

    [Fact]
    public void Day_one_ja_minibatch_sgd_drops_the_comment_lines_the_english_deleted()
    {
        const string path = "chapter_optimization/minibatch-sgd.md";
        var target = Ja(path);
        const string pytorch =
            "    # Note: `MSELoss` computes squared error without the 1/2 factor\n"
            + "    loss = nn.MSELoss(reduction='none')\n";
        const string tensorflow =
            "    # Note: `MeanSquaredError` computes squared error without the 1/2 factor\n"
            + "    loss = tf.keras.losses.MeanSquaredError()\n";
        Assert.Contains(pytorch, target);
        Assert.Contains(tensorflow, target);
        var plan = Plan("ja", path, Ja("chapter_optimization/minibatch-sgd_origin.md"), EnV1(DayOne, path), target);
        var written = Apply(plan);
        Assert.DoesNotContain(pytorch, written);
        Assert.DoesNotContain(tensorflow, written);
        // Where the English moved it, as the English has it.
        Assert.Contains("                # `MSELoss` computes squared error without the 1/2 factor\n", written);
    }

    [Fact]
    public void Day_one_ja_installation_drops_the_comment_of_a_replaced_line()
    {
        const string path = "chapter_installation/index.md";
        var plan = Plan("ja", path, Ja("chapter_installation/index_origin.md"), EnV1(DayOne, path), Ja(path));
        var written = Apply(plan);
        Assert.DoesNotContain("# -U: Upgrade all packages to the newest available version\npip install \"jax", written);
    }
}

[Trait("Category", "Unit")]
public class CommentDeletionTests
{
    [Fact]
    public void A_comment_line_the_english_deletes_goes_with_its_translation()
    {
        var baseLines = new[] { "opt = sgd(params)", "", "# Note: no 1/2 factor", "loss = mse()", "train(loss)" };
        var theirs = new[] { "opt = sgd(params)", "loss = mse()", "train(loss)" };
        var ours = new[] { "opt = sgd(params)", "", "# 注意：损失没有系数1/2", "loss = mse()", "train(loss)" };
        var merged = LineMerge.Merge(baseLines, theirs, ours);
        Assert.Equal(["opt = sgd(params)", "loss = mse()", "train(loss)"], merged.Lines);
        Assert.Equal(["# 注意：损失没有系数1/2"], merged.DeletedComments);
        Assert.Empty(merged.KeptComments);
    }

    [Fact]
    public void One_of_two_comment_lines_deleted_removes_the_translation_at_its_place()
    {
        var baseLines = new[] { "# Initialize", "# with zeros", "w = zeros()" };
        var theirs = new[] { "# Initialize", "w = zeros()" };
        var ours = new[] { "# 初始化", "# 用零", "w = zeros()" };
        var merged = LineMerge.Merge(baseLines, theirs, ours);
        Assert.Equal(["# 初始化", "w = zeros()"], merged.Lines);
    }

    [Fact]
    public void Where_the_translation_has_other_comment_lines_the_deleted_one_stays_and_is_listed()
    {
        var baseLines = new[] { "# Initialize with zeros", "w = zeros()" };
        var theirs = new[] { "w = zeros()" };
        var ours = new[] { "# 初始化", "# 用零", "w = zeros()" }; // two lines for one: which is which is not known
        var merged = LineMerge.Merge(baseLines, theirs, ours);
        Assert.Equal(ours, merged.Lines);
        Assert.Equal(["# 初始化", "# 用零"], merged.KeptComments);
    }

    [Fact]
    public void A_deleted_end_of_line_comment_goes_with_its_translation()
    {
        var baseLines = new[] { "y = f(x)  # apply f", "print(y)" };
        var theirs = new[] { "y = f(x)", "print(y)" };
        var ours = new[] { "y = f(x)  # 应用f", "print(y)" };
        var merged = LineMerge.Merge(baseLines, theirs, ours);
        Assert.Equal(theirs, merged.Lines);
        Assert.Equal(["# 应用f"], merged.DeletedComments);
    }

    [Fact]
    public void Untranslated_comments_follow_the_english()
    {
        var baseLines = new[] { "# -U: Upgrade all packages", "pip install -U d2l" };
        var theirs = new[] { "# GPU", "pip install jax" };
        var merged = LineMerge.Merge(baseLines, theirs, baseLines);
        Assert.Equal(theirs, merged.Lines);
    }
}

[Trait("Category", "Unit")]
public class NumberPatchTests
{
    const string English =
        "# Installing\n\nFirst we install the framework. "
        + "Then we use version 1.7.0 of it, as tested.\n\n## Next\n\nMore text follows here.\n";

    static (FilePlan Plan, string Written) Sync(string target)
    {
        double ratio = (double)target.Count(c => !char.IsWhiteSpace(c)) / English.Count(c => !char.IsWhiteSpace(c));
        var planner = new FilePlanner("zh", CosmeticRules.Default, new LengthModel(ratio, 0.6, 2.0)); // as SyncPlanner
        var newEnglish = MarkdownDocument.Parse(English.Replace("1.7.0", "1.9.1"));
        var plan = planner.Plan("x.md", MarkdownDocument.Parse(English), newEnglish, MarkdownDocument.Parse(target));
        var none = plan.Requests.Select(_ => new TranslationResult(null, "none")).ToList();
        return (plan, FilePlanner.Apply(plan, none).NewTarget);
    }

    [Fact]
    public void A_version_standing_once_in_the_block_is_patched()
    {
        var (plan, written) = Sync(
            "# 安装\n\n首先我们安装框架。然后我们使用它的1.7.0版本。\n\n## 下一步\n\n后面还有更多内容。\n"
        );
        Assert.Equal(
            "# 安装\n\n首先我们安装框架。然后我们使用它的1.9.1版本。\n\n## 下一步\n\n后面还有更多内容。\n",
            written
        );
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.Patched && c.Reason.Contains("1.7.0 → 1.9.1"));
    }

    [Fact]
    public void A_version_standing_twice_in_the_block_is_patched_in_its_own_sentence()
    {
        var (_, written) = Sync(
            "# 安装\n\n首先我们安装框架（自1.7.0起）。然后我们使用它的1.7.0版本。\n\n## 下一步\n\n后面还有更多内容。\n"
        );
        Assert.Equal(
            "# 安装\n\n首先我们安装框架（自1.7.0起）。然后我们使用它的1.9.1版本。\n\n## 下一步\n\n后面还有更多内容。\n",
            written
        );
    }

    [Fact]
    public void A_version_standing_twice_in_its_sentence_is_left_for_review()
    {
        const string target =
            "# 安装\n\n首先我们安装框架。然后我们使用它的1.7.0版本（已测试1.7.0）。\n\n## 下一步\n\n后面还有更多内容。\n";
        var (plan, written) = Sync(target);
        Assert.Equal(target, written);
        Assert.Empty(plan.Requests);
        var review = Assert.Single(plan.Changes, c => c.Kind == ChangeKind.Review);
        Assert.True(review.NeedsReview);
        Assert.Contains("\"1.7.0\" is not in the translation exactly once", review.Reason);
    }
}
