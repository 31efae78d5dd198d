using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;

namespace Amts.Bot.Tests.Sync;

/// <summary>The per-change decisions of the sync engine, on real commits of d2l-en.</summary>
[Trait("Category", "Integration")]
public class SyncDecisionTests
{
    static MarkdownDocument At(string rev, string path) =>
        MarkdownDocument.Parse(new GitCli(TestData.EnglishRepo).Run("show", $"{rev}:{path}"), path);

    static List<(BlockEdit Edit, Classification? How)> Changes(string commit, string path)
    {
        var (oldDoc, newDoc) = (At(commit + "^", path), At(commit, path));
        return BlockDiff
            .Diff(oldDoc, newDoc)
            .Where(e => e.Kind != BlockEditKind.Unchanged)
            .Select(e =>
                (
                    e,
                    e.Kind == BlockEditKind.Modified
                        ? ChangeClassifier.Classify(oldDoc.Blocks[e.Old!.Value], newDoc.Blocks[e.New!.Value])
                        : null
                )
            )
            .ToList();
    }

    [Theory]
    [InlineData("chapter_introduction/index.md", nameof(ChangeKind.Kept), "a/an")]
    [InlineData("chapter_preface/index.md", nameof(ChangeKind.Kept), "spelling")]
    // In dropout.md the "typo" is a trailing ';' after code (d2l-zh's cells differ there too): a code merge.
    [InlineData("chapter_multilayer-perceptrons/dropout.md", nameof(ChangeKind.CodeMerged), "code cell changed")]
    public void General_typo_fixes_keep_the_human_translation(string path, string kindName, string reason)
    {
        var kind = Enum.Parse<ChangeKind>(kindName);
        var changes = Changes("0314f17", path); // "General typo fixes (#2161)"
        Assert.NotEmpty(changes);
        foreach (var (edit, how) in changes)
        {
            Assert.Equal(BlockEditKind.Modified, edit.Kind);
            Assert.Equal(kind, how!.Kind);
        }
        Assert.Contains(changes, c => c.How!.Reason.Contains(reason));
    }

    [Fact]
    public void The_verion_typo_is_a_spelling_fix_but_a_new_word_is_not()
    {
        var oldBlock = MarkdownDocument.Parse("This verion of the book uses $x$.\n").Blocks[0];
        var fixedBlock = MarkdownDocument.Parse("This version of the book uses $x$.\n").Blocks[0];
        var reworded = MarkdownDocument.Parse("This edition of the book uses $x$.\n").Blocks[0];
        var extended = MarkdownDocument.Parse("This version of the whole book uses $x$.\n").Blocks[0];
        Assert.Equal(ChangeKind.Kept, ChangeClassifier.Classify(oldBlock, fixedBlock).Kind);
        Assert.Contains("verion → version", ChangeClassifier.Classify(oldBlock, fixedBlock).Reason);
        Assert.Equal(ChangeKind.Retranslated, ChangeClassifier.Classify(oldBlock, reworded).Kind);
        Assert.Equal(ChangeKind.Retranslated, ChangeClassifier.Classify(oldBlock, extended).Kind);
        // The rule is configurable: with spelling fixes limited to distance 0, the typo fix is retranslated.
        Assert.Equal(
            ChangeKind.Retranslated,
            ChangeClassifier.Classify(oldBlock, fixedBlock, new CosmeticRules { MaxEditDistance = 0 }).Kind
        );
    }

    [Fact]
    public void A_change_inside_math_or_a_url_is_a_patch()
    {
        var text = TestData.ReadEnglish("chapter_recommender-systems/movielens.md");
        var para = MarkdownDocument
            .Parse(text)
            .Blocks.First(b => b.Kind == BlockKind.Paragraph && b.Text.Contains("]("));
        var link = ProtectedSpans.Find(para.Text).First(s => s.Kind == ProtectedKind.LinkTarget);
        var oldUrl = link.Text(para.Text);
        var newUrl = oldUrl.Replace("http://", "https://").Replace("https://https", "https");
        var changed = para with
        {
            Text = para.Text.Replace(oldUrl, newUrl == oldUrl ? oldUrl.Replace(")", "/)") : newUrl),
        };
        var how = ChangeClassifier.Classify(para, changed);
        Assert.Equal(ChangeKind.Patched, how.Kind);
        var patch = Assert.Single(how.Patches);
        Assert.Equal(oldUrl, patch.Old);

        var math = MarkdownDocument.Parse("we take $\\mathbf{x} \\in \\mathbb{R}^d$ as input.\n").Blocks[0];
        var mathFixed = MarkdownDocument.Parse("we take $\\mathbf{x} \\in \\mathbb{R}^{d}$ as input.\n").Blocks[0];
        Assert.Equal(
            new SpanPatch("$\\mathbf{x} \\in \\mathbb{R}^d$", "$\\mathbf{x} \\in \\mathbb{R}^{d}$"),
            Assert.Single(ChangeClassifier.Classify(math, mathFixed).Patches)
        );
    }

    [Fact]
    public void Code_only_commits_are_code_merges()
    {
        // "Fix densenet AdaptiveMaxPool2d"
        var changes = Changes("7bc8616", "chapter_convolutional-modern/densenet.md");
        var (edit, how) = Assert.Single(changes);
        Assert.Equal(BlockEditKind.Modified, edit.Kind);
        Assert.Equal(ChangeKind.CodeMerged, how!.Kind);
    }

    [Fact]
    public void A_reflowed_paragraph_with_one_neutral_word_and_slide_only_text_keeps_the_human_translation()
    {
        // "fix broken paragraph": the English joins three lines, adds "and" and keeps (~~softmax regression~~), text
        // shown only in the slides. The sentence a translator translated is the same (issue 11: six human lines went
        // for this).
        var changes = Changes("34a395d", "chapter_linear-networks/softmax-regression-scratch.md");
        Assert.Contains(changes, c => c.How?.Kind == ChangeKind.Kept && c.How.Reason.Contains("added \"and\""));
        Assert.DoesNotContain(changes, c => c.How?.Kind == ChangeKind.Retranslated);
    }

    [Fact]
    public void Block_diff_finds_moves_insertions_and_deletions()
    {
        var oldDoc = MarkdownDocument.Parse(
            "# T\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\n```python\nx = 1\n```\n"
        );
        var newDoc = MarkdownDocument.Parse(
            "# T\n\nSecond paragraph.\n\nA new paragraph.\n\nFirst paragraph.\n\nThird paragraph.\n"
        );
        var edits = BlockDiff.Diff(oldDoc, newDoc);
        string Text(MarkdownDocument d, int? i) => i == null ? "-" : d.Blocks[i.Value].Text.Trim();
        var described = edits.Select(e => $"{e.Kind}:{Text(oldDoc, e.Old)}>{Text(newDoc, e.New)}").ToList();
        Assert.Contains("Moved:First paragraph.>First paragraph.", described);
        Assert.Contains("Inserted:->A new paragraph.", described);
        Assert.Contains("Deleted:```python\nx = 1\n```>-", described);
        Assert.Equal(3, edits.Count(e => e.Kind == BlockEditKind.Unchanged));
    }
}

[Trait("Category", "Integration")]
public class LineMergeTests
{
    static List<string> CellLines(string text, string mustContain)
    {
        var cell = MarkdownDocument
            .Parse(text)
            .Blocks.First(b => b.Kind == BlockKind.Code && b.Text.Contains(mustContain));
        return cell.Text.TrimEnd('\n').Split('\n').ToList();
    }

    [Fact]
    public void A_code_change_arrives_and_translated_comments_stay()
    {
        // Real cell: train_epoch_ch3 (PyTorch) — old English from d2l-zh's _origin.md, new English after
        // "[PyTorch] Use reduction=none loss for train_epoch_ch3", translated from d2l-zh.
        const string path = "chapter_linear-networks/softmax-regression-scratch";
        var baseCell = CellLines(
            TestData.ReadChinese(path + "_origin.md"),
            "def train_epoch_ch3(net, train_iter, loss, updater):  #@save\n    \"\"\"The training loop defined in "
                + "Chapter 3.\"\"\"\n    # Set the model to training mode\n    if isinstance(net, torch.nn.Module)"
        );
        var ours = CellLines(TestData.ReadChinese(path + ".md"), "使用PyTorch内置的优化器和损失函数");
        // Theirs: the English cell with one more code change of our own making on top of the real one.
        // As in the real commit, only the built-in optimizer branch changes l.sum() to l.mean().
        var theirs = baseCell.Select(l => l.Replace("updater.step()", "updater.step()  # step")).ToList();
        theirs[theirs.FindIndex(l => l.Contains("l.sum().backward()"))] = theirs
            .First(l => l.Contains("l.sum().backward()"))
            .Replace("sum", "mean");
        var merged = LineMerge.Merge(baseCell, theirs, ours);
        Assert.True(
            merged.Conflicts.Count == 0,
            string.Join(
                "\n---\n",
                merged.Conflicts.Select(c =>
                    string.Join("\n", c.Base)
                    + "\n~~ours~~\n"
                    + string.Join("\n", c.Ours)
                    + "\n~~theirs~~\n"
                    + string.Join("\n", c.Theirs)
                )
            )
        );
        Assert.Contains(merged.Lines, l => l.Contains("# 使用PyTorch内置的优化器和损失函数"));
        Assert.Contains(merged.Lines, l => l.Contains("l.mean().backward()"));
        Assert.Contains(merged.Lines, l => l.Contains("updater.step()  # step"));
        Assert.DoesNotContain(merged.Lines, l => l.Contains("Using PyTorch in-built optimizer"));
    }

    [Fact]
    public void A_changed_code_line_keeps_its_translated_comment()
    {
        var baseLines = new[] { "def f(x):", "    y = x + 1  # add one", "    return y" };
        var theirs = new[] { "def f(x):", "    y = x + 2  # add one", "    return y" };
        var ours = new[] { "def f(x):", "    y = x + 1  # 加一", "    return y" };
        var merged = LineMerge.Merge(baseLines, theirs, ours);
        Assert.Equal(["def f(x):", "    y = x + 2  # 加一", "    return y"], merged.Lines);
    }

    [Fact]
    public void A_changed_english_comment_keeps_the_translation_and_is_listed_for_translation()
    {
        var baseLines = new[] { "# Sum of losses", "total = l.sum()", "# Done", "print(total)" };
        var theirs = new[] { "# Sum of per-example losses", "total = l.sum()", "# Done", "print(total)" };
        var ours = new[] { "# 损失之和", "total = l.sum()", "# 完成", "print(total)" };
        var merged = LineMerge.Merge(baseLines, theirs, ours);
        Assert.Equal(["# 损失之和", "total = l.sum()", "# 完成", "print(total)"], merged.Lines);
        Assert.Equal(["# Sum of per-example losses"], merged.EnglishComments);
        Assert.Empty(merged.Conflicts);
    }

    [Fact]
    public void Conflicting_changes_take_the_english_code_and_are_flagged()
    {
        var baseLines = new[] { "a = 1", "b = 2", "c = 3" };
        var theirs = new[] { "a = 1", "b = 20", "c = 3" };
        var ours = new[] { "a = 1", "b = 200", "c = 3" };
        var merged = LineMerge.Merge(baseLines, theirs, ours);
        Assert.Equal(["a = 1", "b = 20", "c = 3"], merged.Lines);
        var conflict = Assert.Single(merged.Conflicts);
        Assert.Equal(2, conflict.OursLine);
    }
}

[Trait("Category", "Unit")]
public class SlideMarkerTests
{
    [Fact]
    public void Added_slide_markers_alone_are_recognised()
    {
        // chapter_linear-networks/linear-regression-concise: d2l-zh's _origin.md against the English at r0.17.
        var oldBlock = MarkdownDocument
            .Parse(
                "In this section, we will show you how to implement\nthe linear regression model from "
                    + ":numref:`sec_linear_scratch`\nconcisely by using high-level APIs of deep learning frameworks.\n"
            )
            .Blocks[0];
        var newBlock = MarkdownDocument
            .Parse(
                "In this section, (**we will show you how to implement\nthe linear regression model**) from "
                    + ":numref:`sec_linear_scratch`\n(**concisely by using high-level APIs**) of deep learning "
                    + "frameworks.\n"
            )
            .Blocks[0];
        var how = ChangeClassifier.Classify(oldBlock, newBlock);
        Assert.Equal(ChangeKind.Patched, how.Kind);
        Assert.Equal(4, how.SlideMarkers);
    }
}

[Trait("Category", "Integration")]
public class FilePlannerTests
{
    [Fact]
    public void Only_the_really_changed_sentence_is_sent_a_typo_fix_keeps_its_human_sentence()
    {
        // chapter_introduction/index.md of d2l-zh against its _origin.md: the paragraph
        // "To build the brains of our application, ... Each time a customer clicks ..." (several sentences).
        var origin = TestData.ReadChinese("chapter_introduction/index_origin.md");
        var zh = TestData.ReadChinese("chapter_introduction/index.md");
        const string typoOld = "we would have to step through every possible corner case";
        const string typoNew = "we would have to step through every posible corner case";
        const string oldSentence =
            "Each time a customer clicks to add an item to their shopping cart,\nwe add an entry to the shopping "
            + "cart database table,\nassociating that user's ID with the requested product's ID.";
        const string newSentence =
            "Whenever a shopper puts a product in the cart, the application records which user asked for which "
            + "product.";
        Assert.Contains(typoOld, origin);
        Assert.Contains(oldSentence, origin);
        var newEnglish = origin.Replace(typoOld, typoNew).Replace(oldSentence, newSentence);
        var planner = new FilePlanner("zh", CosmeticRules.Default, new Amts.Bot.Alignment.LengthModel(0.35, 0.6, 2.0));
        var plan = planner.Plan(
            "chapter_introduction/index.md",
            MarkdownDocument.Parse(origin),
            MarkdownDocument.Parse(newEnglish),
            MarkdownDocument.Parse(zh)
        );
        Assert.Equal([newSentence], plan.Requests);
        var result = FilePlanner.Apply(
            plan,
            [
                Amts.Bot.Translation.TranslationResult.Hit(
                    "每当顾客把商品放进购物车，应用程序就记录下哪个用户要了哪件商品。"
                ),
            ]
        );
        Assert.Contains("每当顾客把商品放进购物车", result.NewTarget);
        Assert.DoesNotContain("当买家单击将商品添加到购物车时", result.NewTarget);
        // The human sentence behind the typo-fixed English sentence is still there, and so is the rest of the file.
        Assert.Contains(
            "为了完善业务逻辑，开发人员必须细致地考虑应用程序所有可能遇到的边界情况，并为这些边界情况设计合适的规则。",
            result.NewTarget
        );
        Assert.Equal(
            zh.Length,
            result.NewTarget.Length
                + (
                    "当买家单击将商品添加到购物车时，应用程序会向购物车数据库表中添加一个条目，将该用户ID与商品ID关联起来。".Length
                    - "每当顾客把商品放进购物车，应用程序就记录下哪个用户要了哪件商品。".Length
                )
        );
    }
}

[Trait("Category", "Integration")]
public class DivergentTranslationTests
{
    [Fact]
    public void Where_the_translation_does_not_follow_its_english_the_change_goes_to_review_not_to_the_engine()
    {
        // d2l-zh wrote parts of chapter_preface/index.md itself (about PyTorch) instead of translating its _origin.md.
        var origin = TestData.ReadChinese("chapter_preface/index_origin.md");
        var zh = TestData.ReadChinese("chapter_preface/index.md");
        var doc = MarkdownDocument.Parse(origin);
        // Append one sentence to every paragraph of the English.
        var newEnglish = string.Concat(
            doc.Blocks.Select(b =>
                b.Kind == BlockKind.Paragraph ? b.Text.TrimEnd('\n') + " This sentence is new.\n" : b.Text
            )
        );
        var planner = new FilePlanner("zh", CosmeticRules.Default, new Amts.Bot.Alignment.LengthModel(0.35, 0.6, 2.0));
        var plan = planner.Plan(
            "chapter_preface/index.md",
            doc,
            MarkdownDocument.Parse(newEnglish),
            MarkdownDocument.Parse(zh)
        );
        var diverged = plan
            .Changes.Where(c => c.Reason.StartsWith("the translation does not follow its English here"))
            .ToList();
        Assert.NotEmpty(diverged);
        Assert.All(diverged, c =>
        {
            Assert.Equal(ChangeKind.Review, c.Kind);
            Assert.True(c.NeedsReview);
            Assert.Empty(c.Requests);
        });
        // Paragraphs that do follow their English get the new sentence, and only it.
        Assert.Contains(plan.Changes, c => c.Kind == ChangeKind.Retranslated);
        // alone, or joined to a last sentence ending in ":"
        Assert.All(plan.Requests, r => Assert.EndsWith("This sentence is new.", r));
    }
}
