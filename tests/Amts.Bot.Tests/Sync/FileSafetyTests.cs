using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;
using Amts.Bot.Tests.Cli;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issue 11, per file: broken English, d2lbook directives, the bot's own marked English, sentence splits,
/// cosmetic rules, ranges older than the translation, and the plan invariant — each on real files of the
/// books.</summary>
[Trait("Category", "Integration")]
public class FileSafetyTests
{
    static string Zh(string path) => new GitCli(TestData.ChineseRepo).Run("show", $"HEAD:{path}");

    static string En(string rev, string path) => new GitCli(TestData.EnglishRepo).Run("show", $"{rev}:{path}");

    static LengthModel Lengths(string english, string target)
    {
        int e = english.Count(c => !char.IsWhiteSpace(c)),
            t = target.Count(c => !char.IsWhiteSpace(c));
        return e > 0 && t > 0 ? new LengthModel((double)t / e, 0.6, 2.0) : LengthModel.Neutral;
    }

    static FilePlan Plan(
        string path,
        string oldEnglish,
        string newEnglish,
        string target,
        CosmeticRules? rules = null
    ) =>
        new FilePlanner("zh", rules ?? CosmeticRules.Default, Lengths(oldEnglish, target)).Plan(
            path,
            MarkdownDocument.Parse(oldEnglish, path),
            MarkdownDocument.Parse(newEnglish, path),
            MarkdownDocument.Parse(target, path)
        );

    /// <summary>Applies a plan as the memory engine does when it has no translation: every segment stays English,
    /// marked.</summary>
    static string ApplyUntranslated(FilePlan plan) =>
        FilePlanner
            .Apply(plan, plan.Requests.Select(_ => new TranslationResult(null, "no translation")).ToList())
            .NewTarget;

    static int Count(string text, string what) =>
        text.Split('\n').Count(l => l.TrimEnd('\r') == what || l.StartsWith(what, StringComparison.Ordinal));

    const string Regression = "chapter_linear-networks/linear-regression.md";

    // ---- Case 2: broken English holds the file ----

    [Fact]
    public void A_stray_display_math_opener_holds_the_file_and_changes_nothing()
    {
        var origin = Zh("chapter_linear-networks/linear-regression_origin.md");
        var target = Zh(Regression);
        // A stray $$ above "## Vectorization for Speed": it pairs with the next equation's $$ and swallows the heading
        // and the paragraphs between them.
        var broken = origin.Replace("## Vectorization for Speed", "$$\n\n## Vectorization for Speed");
        var plan = Plan(Regression, origin, broken, target);
        Assert.True(plan.Held);
        Assert.Contains(plan.Findings, f => f.Kind == FindingKind.BrokenEnglish && f.Message.Contains("display math"));
        Assert.Empty(plan.Edits);
        Assert.All(plan.Changes, c => Assert.True(c.NeedsReview));
        Assert.Equal(target, ApplyUntranslated(plan));
    }

    [Fact]
    public void An_unbalanced_code_fence_holds_the_file()
    {
        var origin = Zh("chapter_linear-networks/linear-regression_origin.md");
        var target = Zh(Regression);
        // Remove the closing fence of the first code cell.
        int open = origin.IndexOf("```{.python .input", StringComparison.Ordinal);
        int close = origin.IndexOf("\n```\n", open + 3, StringComparison.Ordinal);
        var broken = origin.Remove(close + 1, 4);
        var plan = Plan(Regression, origin, broken, target);
        Assert.True(plan.Held);
        Assert.Contains(plan.Findings, f => f.Kind == FindingKind.BrokenEnglish);
        Assert.Equal(target, ApplyUntranslated(plan));
    }

    [Fact]
    public void An_unclosed_comment_or_tab_group_holds_the_file()
    {
        var origin = Zh("chapter_linear-networks/linear-regression_origin.md");
        var target = Zh(Regression);
        var comment = Plan(
            Regression,
            origin,
            origin.Replace("## Vectorization for Speed", "<!-- a note\n\n## Vectorization for Speed"),
            target
        );
        Assert.True(comment.Held);
        Assert.Equal(target, ApplyUntranslated(comment));
        int end = origin.IndexOf(":end_tab:", StringComparison.Ordinal);
        Assert.True(end > 0);
        var tabs = Plan(Regression, origin, origin.Remove(end, ":end_tab:".Length), target);
        Assert.True(tabs.Held);
        Assert.Contains(tabs.Findings, f => f.Message.Contains(":begin_tab:"));
    }

    [Fact]
    public void A_binary_file_named_md_is_refused_never_written()
    {
        var origin = Zh("chapter_linear-networks/linear-regression_origin.md");
        var target = Zh(Regression);
        // What git show gives for a PNG committed as .md: decoded as UTF-8, with U+FFFD and NUL characters.
        var png = Encoding.UTF8.GetString([
            0x89,
            0x50,
            0x4E,
            0x47,
            0x0D,
            0x0A,
            0x1A,
            0x0A,
            0x00,
            0x00,
            0x00,
            0x0D,
            0x49,
            0x48,
            0x44,
            0x52,
            0xFF,
            0xD8,
        ]);
        var plan = Plan(Regression, origin, png, target);
        Assert.True(plan.Held);
        Assert.Contains(plan.Findings, f => f.Kind == FindingKind.NotText);
        Assert.Equal(target, ApplyUntranslated(plan));
    }

    [Fact]
    public void An_emptied_or_mostly_cut_English_file_is_review_never_a_wipe()
    {
        var origin = Zh("chapter_linear-networks/linear-regression_origin.md");
        var target = Zh(Regression);
        var empty = Plan(Regression, origin, "", target);
        Assert.True(empty.Held);
        Assert.Contains(empty.Findings, f => f.Kind == FindingKind.Shrunk);
        Assert.Equal(target, ApplyUntranslated(empty));
        // Cut to its first tenth (the damage seen: 530 lines → 78).
        var lines = origin.Split('\n');
        var cut = string.Join("\n", lines.Take(lines.Length / 10)) + "\n";
        var shrunk = Plan(Regression, origin, cut, target);
        Assert.True(shrunk.Held);
        Assert.Contains(shrunk.Findings, f => f.Kind == FindingKind.Shrunk && f.Message.Contains("prose lines"));
        Assert.Equal(target, ApplyUntranslated(shrunk));
    }

    [Fact]
    public void Sync_of_a_commit_with_a_stray_display_math_leaves_the_translation_and_its_origin_byte_for_byte()
    {
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(en);
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "test";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        var start = git.Run("rev-parse", "HEAD").Trim();
        var file = Path.Combine(en, Regression);
        File.WriteAllText(
            file,
            File.ReadAllText(file).Replace("## Vectorization for Speed", "$$\n\n## Vectorization for Speed")
        );
        git.Run("commit", "-q", "-am", "stray $$");
        var before = File.ReadAllBytes(Path.Combine(zh, Regression));
        var originBefore = File.ReadAllBytes(Path.Combine(zh, "chapter_linear-networks/linear-regression_origin.md"));
        var report = Path.Combine(TestData.TempDir(), "r");
        var r = CliRunner.Run(
            "sync",
            "--source",
            en,
            "--target",
            zh,
            "--lang",
            "zh",
            "--from",
            start,
            "--to",
            "HEAD",
            "--report",
            report
        );
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(zh, Regression)));
        Assert.Equal(
            originBefore,
            File.ReadAllBytes(Path.Combine(zh, "chapter_linear-networks/linear-regression_origin.md"))
        );
        var pr = File.ReadAllText(Path.Combine(report, "pr.md"));
        Assert.Contains("the new English is broken", pr);
    }

    // ---- Case 3: d2lbook directives are code ----

    [Fact]
    public void A_tab_directive_change_is_carried_into_the_translated_cell()
    {
        const string path = "chapter_preliminaries/ndarray.md";
        var origin = Zh("chapter_preliminaries/ndarray_origin.md");
        var target = Zh(path);
        const string cell = "#@tab all\nx.shape\n```";
        Assert.Contains(cell, origin);
        Assert.Contains(cell, target);
        var plan = Plan(path, origin, origin.Replace(cell, "#@tab mxnet\nx.shape\n```"), target);
        var result = ApplyUntranslated(plan);
        Assert.Contains("#@tab mxnet\nx.shape\n```", result);
        Assert.DoesNotContain(plan.Changes, c => c.Reason.Contains("English comment") || c.NeedsReview);
        Assert.Equal(target.Length + "mxnet".Length - "all".Length, result.Length); // nothing else changed
    }

    [Fact]
    public void Directives_are_code_in_the_three_way_merge()
    {
        var merged = LineMerge.Merge(
            ["#@tab all", "def f(x):  #@save", "    return x"],
            ["#@tab mxnet", "def f(x):", "    return x"],
            ["#@tab all", "def f(x):  #@save", "    return x"]
        );
        Assert.Equal(["#@tab mxnet", "def f(x):", "    return x"], merged.Lines);
        Assert.Empty(merged.EnglishComments);
    }

    // ---- Case 4: the bot's own English is replaced, never duplicated ----

    [Fact]
    public void Marked_English_is_replaced_on_its_next_edit_CUDA_10_1_to_10_2()
    {
        const string path = "chapter_installation/index.md";
        var oldEnglish = En("56d7568", path); // "Specify versions for classic"
        var newEnglish = En("7a0cb8f", path); // "BLD: Bump r0.17 python support version 3.9": CUDA 10.1 → 10.2
        var target = Zh(path);
        // An earlier sync left this paragraph in English (the engine had no translation), as the bot writes it.
        var human =
            "安装MXNet的GPU版本，首先需要知道已安装的CUDA版本。\n（可以通过运行`nvcc --version`或`cat "
            + "/usr/local/cuda/version.txt`来检验。）\n假设已安装CUDA 10.1版本，请执行以下命令：\n";
        Assert.Contains(human, target);
        const string m = BotMarkers.Untranslated;
        target = target.Replace(
            human,
            $"{m}We now need to find out what version of CUDA you have installed.\n"
                + $"{m}You can check this by running `nvcc --version` or `cat /usr/local/cuda/version.txt`.\n"
                + $"{m}Assume that you have installed CUDA 10.1, then you can install with the following command:\n"
        );
        var plan = Plan(path, oldEnglish, newEnglish, target);
        var result = ApplyUntranslated(plan);
        Assert.Contains("CUDA 10.2, then you can install", result);
        Assert.DoesNotContain("CUDA 10.1, then you can install", result);
        Assert.Equal(1, result.Split("We now need to find out what version of CUDA").Length - 1);
        Assert.Equal(StructureCount.Of(target), StructureCount.Of(result)); // no :end_tab: lost
    }

    // ---- Case 6: ranges older than the translation's English ----

    [Fact]
    public void A_range_older_than_the_origin_is_refused()
    {
        const string path = "chapter_installation/index.md";
        var rangeOld = En("0314f17", path);
        var rangeNew = En("56d7568", path);
        var later = En("9804d32", path);
        var finding = RangeCheck.OlderThanBase(path, later, rangeOld, rangeNew, [En("7a0cb8f", path), later]);
        Assert.Equal(FindingKind.OlderThanBase, finding!.Kind);
        Assert.Contains("older", finding.Message);
        // The translation's real _origin.md is older than the range: the range applies.
        Assert.Null(RangeCheck.OlderThanBase(path, Zh("chapter_installation/index_origin.md"), rangeOld, rangeNew, []));
    }

    [Fact]
    public void Sync_of_a_range_older_than_the_origin_leaves_the_file_alone_with_a_message()
    {
        const string path = "chapter_installation/index.md";
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        File.WriteAllText(
            Path.Combine(zh, "chapter_installation/index_origin.md"),
            new GitCli(en).Run("show", $"9804d32:{path}")
        );
        var before = File.ReadAllText(Path.Combine(zh, path));
        var report = Path.Combine(TestData.TempDir(), "r");
        var r = CliRunner.Run(
            "sync",
            "--source",
            en,
            "--target",
            zh,
            "--lang",
            "zh",
            "--from",
            "0314f17",
            "--to",
            "56d7568",
            "--report",
            report
        );
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(zh, path)));
        Assert.Contains(
            "older than the English this translation already follows",
            File.ReadAllText(Path.Combine(report, "pr.md"))
        );
    }

    // ---- Case 7: splits, tab groups, cosmetic rules ----

    [Fact]
    public void The_installation_commit_loses_no_end_tab_and_keeps_tab_groups_balanced()
    {
        const string path = "chapter_installation/index.md";
        var origin = Zh("chapter_installation/index_origin.md");
        var target = Zh(path);
        var plan = Plan(path, origin, En("56d7568", path), target);
        var result = ApplyUntranslated(plan);
        Assert.Equal(Count(target, ":end_tab:"), Count(result, ":end_tab:"));
        Assert.Equal(Count(target, ":begin_tab:"), Count(result, ":begin_tab:"));
        Assert.Empty(PlanInvariant.Check(plan));
    }

    [Fact]
    public void Slide_only_text_and_one_neutral_word_are_cosmetic_but_a_new_content_word_is_not()
    {
        // softmax-regression-scratch.md: the translation's _origin.md against the English of v0.17.
        var origin = Zh("chapter_linear-networks/softmax-regression-scratch_origin.md");
        var english = En("HEAD", "chapter_linear-networks/softmax-regression-scratch.md");
        Block Para(string text, string start) =>
            MarkdownDocument.Parse(text).Blocks.First(b => b.Kind == BlockKind.Paragraph && b.Text.Contains(start));
        var how = ChangeClassifier.Classify(
            Para(origin, "Just as we implemented"),
            Para(english, "Just as we implemented")
        );
        Assert.NotEqual(ChangeKind.Retranslated, how.Kind);
        Block P(string s) => MarkdownDocument.Parse(s).Blocks[0];
        Assert.Equal(
            ChangeKind.Kept,
            ChangeClassifier
                .Classify(
                    P("We use the data iterator here.\n"),
                    P("We use the data iterator (~~that we defined~~) here.\n")
                )
                .Kind
        );
        Assert.Equal(
            ChangeKind.Kept,
            ChangeClassifier.Classify(P("We train the model on data.\n"), P("We then train the model on data.\n")).Kind
        );
        Assert.Equal(
            ChangeKind.Retranslated,
            ChangeClassifier.Classify(P("We train the model on data.\n"), P("We never train the model on data.\n")).Kind
        );
        Assert.Equal(
            ChangeKind.Retranslated,
            ChangeClassifier
                .Classify(P("We train the model on data.\n"), P("We then also train the model on data.\n"))
                .Kind
        );
        // Configurable: no added word allowed.
        Assert.Equal(
            ChangeKind.Retranslated,
            ChangeClassifier
                .Classify(
                    P("We train the model on data.\n"),
                    P("We then train the model on data.\n"),
                    new CosmeticRules { MaxAddedOrRemovedWords = 0 }
                )
                .Kind
        );
    }

    // ---- The invariant ----

    [Fact]
    public void The_invariant_turns_a_bad_edit_into_review()
    {
        var origin = Zh("chapter_linear-networks/linear-regression_origin.md");
        var target = Zh(Regression);
        var english = origin.Replace("## Vectorization for Speed", "## Vectorization for Speed and Memory");
        var plan = Plan(Regression, origin, english, target);
        Assert.Empty(PlanInvariant.Check(plan));
        var headingChange = plan.Changes.ToList().FindIndex(c => c.Kind == ChangeKind.Retranslated);
        Assert.True(headingChange >= 0);
        // A deliberately bad edit: the same change also removes the file's first human paragraph, far from its heading.
        var doc = MarkdownDocument.Parse(target);
        var paragraph = doc.Blocks.First(b => b.Kind == BlockKind.Paragraph);
        var bad = plan with
        {
            Edits =
            [
                .. plan.Edits,
                new TextEdit(paragraph.Offset, paragraph.Text.Length, [TemplatePart.Text("")], headingChange),
            ],
        };
        var violations = PlanInvariant.Check(bad);
        Assert.Contains(violations, v =>
            v.Change == headingChange && v.Message.Contains("no English deletion or change")
        );
        var enforced = PlanInvariant.Enforce(bad);
        Assert.Equal(ChangeKind.Review, enforced.Changes[headingChange].Kind);
        Assert.True(enforced.Changes[headingChange].NeedsReview);
        Assert.Contains("plan invariant", enforced.Changes[headingChange].Reason);
        Assert.Contains(paragraph.Text, ApplyUntranslated(enforced));
        // And one that drops an :end_tab: line inside a located block changes structure the English did not.
        int endTab = target.IndexOf(":end_tab:", StringComparison.Ordinal);
        Assert.True(endTab > 0);
        var located = plan with
        {
            Confident = [.. plan.Confident, new TextRange(endTab, ":end_tab:".Length)],
            Edits =
            [
                .. plan.Edits,
                new TextEdit(endTab, ":end_tab:".Length, [TemplatePart.Text("")], plan.Changes.Count),
            ],
            Changes = [.. plan.Changes, new PlannedChange(ChangeKind.Deleted, "test", null, null, [], false)],
            Evidence = [.. plan.Evidence, new ChangeEvidence(new TextRange(endTab, ":end_tab:".Length), null, default)],
        };
        Assert.Contains(PlanInvariant.Check(located), v =>
            v.Change == plan.Changes.Count && v.Message.Contains("structure")
        );
    }
}
