using Amts.Bot.Sync;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issue 18: each rule of the output check, on small texts shaped like the damage seen on the real books
/// (the check stopping a damaged plan in a real sync: <see cref="OutputVerifierSyncTests"/>).</summary>
[Trait("Category", "Unit")]
public class OutputVerifierTests
{
    static AppliedChange Change(ChangeKind kind, int first, int last) =>
        new(
            new PlannedChange(kind, "test", new LineRange(first, last), new LineRange(first, last), [], false),
            0,
            0,
            []
        );

    static IReadOnlyList<OutputFinding> Verify(
        string oldEnglish,
        string newEnglish,
        string before,
        string after,
        params AppliedChange[] changes
    ) => OutputVerifier.Verify(new WrittenFile("a.md", oldEnglish, newEnglish, before, after, changes));

    static void Refused(string rule, IReadOnlyList<OutputFinding> findings) =>
        Assert.True(
            findings.Any(f => f.Rule == rule),
            $"expected a finding of {rule}; got: {string.Join(" | ", findings)}"
        );

    const string TabsEn =
        "# GPUs\n\n:begin_tab:`mxnet`\nBy default, on the CPU.\n:end_tab:\n\n:begin_tab:`pytorch`\nBy default, on "
        + "the CPU.\n:end_tab:\n";

    [Fact]
    public void Tab_contents_carried_without_their_markers_are_refused()
    {
        // The use-gpu.md damage: one human sentence per framework, the markers gone.
        var before = "# GPU\n";
        var after = "# GPU\n\n默认在 CPU 上。\n\n默认在 CPU 上。\n";
        var findings = Verify("# GPUs\n", TabsEn, before, after);
        Refused("tab groups", findings);
        Refused("repeated lines", findings);
    }

    [Fact]
    public void Tab_groups_carried_as_groups_pass()
    {
        var after =
            "# GPU\n\n:begin_tab:`mxnet`\n默认在 CPU 上。\n:end_tab:\n\n:begin_tab:`pytorch`\n默认在 CPU 上。\n:end_tab:\n";
        Assert.Empty(Verify("# GPUs\n", TabsEn, "# GPU\n", after));
    }

    [Fact]
    public void Unbalanced_or_nested_tab_groups_are_refused()
    {
        var after =
            "# GPU\n\n:begin_tab:`mxnet`\n默认在 CPU 上。\n\n:begin_tab:`pytorch`\n默认在 CPU 上。\n:end_tab:\n";
        Refused("tab groups", Verify(TabsEn, TabsEn, "# GPU\n", after));
    }

    [Fact]
    public void Nested_slide_markers_are_refused_and_balanced_ones_pass()
    {
        const string before = "定义如下：\n\n$$\\hat{y} = x.$$\n";
        Refused(
            "slide markers",
            Verify("", "", before, "定义如下：(**(**\n\n$$\\hat{y} = x.$$ **)**)\n".Replace("\n\n$$", " $$"))
        );
        Refused("slide markers", Verify("", "", before, "(**(**定义如下：**)**)\n\n$$\\hat{y} = x.$$\n"));
        Assert.Empty(
            Verify("", "", before, "(**定义如下：**)\n\n$$\\hat{y} = x.$$\n", Change(ChangeKind.Patched, 1, 1))
        );
        // A pair may span blocks (a sentence and its equation); the closer left behind when English removed its opener
        // is not.
        const string spanning = "前文。\n\n(**我们使用模型\n\n$$y = x$$\n\n**)\n\n后文。\n";
        Assert.Empty(Verify("", "", "前文。\n", spanning, Change(ChangeKind.Inserted, 1, 1)));
        Refused(
            "slide markers",
            Verify("", "", spanning, "前文。\n\n**)\n\n后文。\n", Change(ChangeKind.Deleted, 3, 5))
        );
        // Code is not prose: Python's ** stays out of it.
        Assert.Empty(
            Verify(
                "",
                "",
                "```python\nf(**kwargs)\n```\n",
                "```python\nf(**kwargs)\ng(**kw)\n```\n",
                Change(ChangeKind.CodeMerged, 1, 3)
            )
        );
    }

    [Fact]
    public void A_translation_keeps_its_line_endings()
    {
        const string before = "# 标题\n\n第一句。\n";
        Refused("line endings", Verify("", "", before, "# 标题\r\n\r\n第一句。\r\n新句。\r\n"));
        Refused("line endings", Verify("", "", "# 标题\r\n\r\n第一句。\r\n", "# 标题\r\n\r\n第一句。\r\n新句。\n"));
        Refused("line endings", Verify("", "", "", "# 标题\r\n\r\n第一句。\n"));
        Assert.Empty(Verify("", "", "# 标题\r\n\r\n第一句。\r\n", "# 标题\r\n\r\n第一句。\r\n\r\n新句。\r\n"));
    }

    [Fact]
    public void Every_removed_human_line_is_accounted_to_a_change()
    {
        const string before = "# 标题\n\n第一段。\n\n第二段。\n\n第三段。\n";
        const string after = "# 标题\n\n第一段。\n\n第三段。\n";
        var findings = Verify("", "", before, after);
        Refused("human lines", findings);
        Assert.Equal(5, findings.Single(f => f.Rule == "human lines").Line);
        // The same edit, accounted to a deletion of line 5.
        Assert.Empty(Verify("", "", before, after, Change(ChangeKind.Deleted, 5, 5)));
        // A change that only kept or listed for review accounts for nothing.
        Refused("human lines", Verify("", "", before, after, Change(ChangeKind.Review, 5, 5)));
        Refused("human lines", Verify("", "", before, after, Change(ChangeKind.Kept, 5, 5)));
        // A line replaced elsewhere than where its change is.
        Refused(
            "human lines",
            Verify("", "", before, "# 标题\n\n第一段。\n\n第二段。\n\nThird.\n", Change(ChangeKind.Retranslated, 5, 5))
        );
    }

    [Fact]
    public void A_code_cell_inserted_where_the_translation_already_has_it_is_refused()
    {
        const string cell = "```{.python .input}\n#@tab tensorflow\nx = tf.ones(3)\nprint(x)\n```\n";
        const string en = "# Seq2seq\n\n" + cell;
        const string before =
            "# 序列到序列\n\n" + "```{.python .input}\n#@tab tensorflow\nx = tf.ones(3)  # 一个张量\nprint(x)\n```\n";
        Refused("duplicate blocks", Verify("# Seq2seq\n", en, before, before + "\n" + cell));
        Assert.Empty(Verify("# Seq2seq\n", en, "# 序列到序列\n", "# 序列到序列\n\n" + cell));
        // d2l-zh's own cell for three frameworks already holds the code of a new cell for two of them.
        var zh = before.Replace("#@tab tensorflow", "#@tab pytorch, tensorflow, paddle");
        Refused(
            "duplicate blocks",
            Verify(
                "# Seq2seq\n",
                en.Replace("#@tab tensorflow", "#@tab pytorch, tensorflow"),
                zh,
                zh + "\n" + cell.Replace("#@tab tensorflow", "#@tab pytorch, tensorflow")
            )
        );
    }

    [Fact]
    public void Fences_math_and_labels_keep_their_shape()
    {
        Refused("code fences", Verify("", "", "文字。\n", "文字。\n\n```python\nx = 1\n"));
        Refused("display math", Verify("", "", "文字。\n", "文字。\n\n$$\nx = 1\n"));
        const string before = "## 节\n:label:`sec_a`\n\n文字。\n";
        Refused("labels", Verify("", "## Section\n:label:`sec_a`\n", before, before + "\n## 节\n:label:`sec_a`\n"));
        Refused(
            "labels",
            Verify(
                "",
                "## Section\n:label:`sec_a`\n",
                before,
                "## 节\n\n文字。\n",
                Change(ChangeKind.Retranslated, 1, 2)
            )
        );
    }

    [Fact]
    public void An_unchanged_file_is_not_checked_and_each_rule_names_its_construct()
    {
        Assert.Empty(Verify("a", "b", "x(**(**", "x(**(**"));
        Assert.All(OutputVerifier.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Protects)));
        Assert.Equal(OutputVerifier.Rules.Count, OutputVerifier.Rules.Select(r => r.Name).Distinct().Count());
    }
}
