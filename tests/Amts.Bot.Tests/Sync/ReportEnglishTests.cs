using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issue 12: the report carries, per change, the English before and after (excerpts), the change's lines in
/// the translation as written, and the human lines the bot has for them where the engine left English in their place.
/// On d2l-zh's chapter_introduction/index.md against its _origin.md.</summary>
[Trait("Category", "Integration")]
public class ReportEnglishTests
{
    const string Path = "chapter_introduction/index.md";
    const string OldSentence =
        "Each time a customer clicks to add an item to their shopping cart,\nwe add an entry to the shopping cart "
        + "database table,\nassociating that user's ID with the requested product's ID.";
    const string NewSentence =
        "Whenever a shopper puts a product in the cart, the application records which user asked for which product.";
    const string Human =
        "当买家单击将商品添加到购物车时，应用程序会向购物车数据库表中添加一个条目，将该用户ID与商品ID关联起来。";
    const string Added = "This paragraph is new in English.";
    const string RemovedStart = "Fortunately for the growing community of machine learning scientists,";

    static (FilePlan Plan, FileSyncResult Result, string Target) Sync()
    {
        var origin = TestData.ReadChinese("chapter_introduction/index_origin.md");
        var zh = TestData.ReadChinese(Path);
        Assert.Contains(OldSentence, origin);
        var removed = origin[origin.IndexOf(RemovedStart, StringComparison.Ordinal)..];
        removed = removed[..(removed.IndexOf("\n\n", StringComparison.Ordinal) + 2)];
        // A paragraph added near the top (the lines below it move down), one sentence replaced, one paragraph removed.
        var newEnglish = origin
            .Replace(":label:`chap_introduction`\n\n", ":label:`chap_introduction`\n\n" + Added + "\n\n")
            .Replace(OldSentence, NewSentence)
            .Replace(removed, "");
        var plan = new FilePlanner("zh", CosmeticRules.Default, new LengthModel(0.35, 0.6, 2.0)).Plan(
            Path,
            MarkdownDocument.Parse(origin),
            MarkdownDocument.Parse(newEnglish),
            MarkdownDocument.Parse(zh)
        );
        // The engine has no translation for anything: every segment stays English, marked.
        return (
            plan,
            FilePlanner.Apply(plan, plan.Requests.Select(_ => new TranslationResult(null, "no translation")).ToList()),
            zh
        );
    }

    [Fact]
    public void Each_change_records_the_english_before_and_after_as_short_excerpts()
    {
        var (plan, _, _) = Sync();
        var changed = Assert.Single(plan.Changes, c => c.Kind == ChangeKind.Retranslated);
        // Only the changed sentence, not the unchanged ones of its paragraph, and on one line.
        Assert.Equal(OldSentence.Replace('\n', ' '), changed.EnglishBefore);
        Assert.Equal(NewSentence, changed.EnglishAfter);
        var inserted = Assert.Single(plan.Changes, c => c.Kind == ChangeKind.Inserted);
        Assert.Null(inserted.EnglishBefore);
        Assert.Equal(Added, inserted.EnglishAfter);
        var deleted = Assert.Single(plan.Changes, c => c.Kind == ChangeKind.Deleted);
        Assert.StartsWith(RemovedStart, deleted.EnglishBefore);
        Assert.Null(deleted.EnglishAfter);
        Assert.All(plan.Changes, c =>
            Assert.True(
                (c.EnglishBefore?.Length ?? 0) <= EnglishExcerpt.MaxChars
                    && (c.EnglishAfter?.Length ?? 0) <= EnglishExcerpt.MaxChars
            )
        );
    }

    [Fact]
    public void A_long_english_block_is_cut_to_the_excerpt_limit()
    {
        var longText = string.Join(" ", Enumerable.Repeat("A sentence that goes on.", 60));
        var (before, after) = EnglishExcerpt.Of(null, new Block(BlockKind.Paragraph, 0, 1, 1, longText + "\n"));
        Assert.Null(before);
        Assert.Equal(EnglishExcerpt.MaxChars, after!.Length);
        Assert.EndsWith("…", after);
    }

    [Fact]
    public void The_changes_lines_are_the_translation_as_written_and_the_replaced_human_lines_the_suggestion()
    {
        var (plan, result, zh) = Sync();
        var lines = result.NewTarget.Split('\n');
        string At(LineRange r) => string.Join("\n", lines[(r.First - 1)..r.Last]);

        var changed = Assert.Single(result.Changes, c => c.Change.Kind == ChangeKind.Retranslated);
        Assert.Equal([NewSentence], changed.Untranslated);
        var at = Assert.NotNull(changed.Lines);
        Assert.NotEqual(changed.Change.Target, at); // the paragraph added above moved it down
        var written = At(at);
        Assert.StartsWith("为了完善业务逻辑", written);
        Assert.Contains(BotMarkers.Untranslated + NewSentence, written);
        Assert.EndsWith("是一个人类认知上的非凡壮举。", written);
        // The suggestion replaces exactly these lines with the human lines they had: the human sentence is back,
        // nothing else differs.
        var human = zh.Split('\n');
        var target = changed.Change.Target!.Value;
        Assert.Equal(string.Join("\n", human[(target.First - 1)..target.Last]), changed.Suggestion);
        Assert.Contains(Human, changed.Suggestion);
        Assert.Equal(written.Split('\n').Length, changed.Suggestion!.Split('\n').Length);

        // The added paragraph (no human text to offer) has its lines and no suggestion; the removed one has no lines
        // left.
        var inserted = Assert.Single(result.Changes, c => c.Change.Kind == ChangeKind.Inserted);
        Assert.Equal(BotMarkers.Untranslated + Added, At(Assert.NotNull(inserted.Lines)));
        Assert.Null(inserted.Suggestion);
        var deleted = Assert.Single(result.Changes, c => c.Change.Kind == ChangeKind.Deleted);
        Assert.Null(deleted.Lines);
        Assert.Null(deleted.Suggestion);
    }
}

/// <summary>The lines and suggestion of a change on a plan made by hand: a new sentence put at the very start of a
/// paragraph belongs to the change's lines, not before them.</summary>
[Trait("Category", "Unit")]
public class WrittenLinesTests
{
    [Fact]
    public void A_sentence_added_at_the_paragraph_start_is_within_the_changes_lines_and_the_suggestion_keeps_the_rest()
    {
        const string original = "# 标题\n\n第一句。\n第二句。\n\n尾段。\n";
        int paragraph = original.IndexOf("第一句", StringComparison.Ordinal),
            second = original.IndexOf("第二句。", StringComparison.Ordinal);
        var change = new PlannedChange(
            ChangeKind.Retranslated,
            "2 sentence(s) new or changed",
            new LineRange(3, 4),
            new LineRange(3, 4),
            [0, 1],
            false
        );
        var plan = new FilePlan(
            "a.md",
            original,
            [
                new TextEdit(paragraph, 0, [TemplatePart.Translation(0), TemplatePart.Text("\n")], 0),
                new TextEdit(second, "第二句。".Length, [TemplatePart.Translation(1)], 0),
            ],
            [change],
            ["A new first sentence.", "The second sentence, changed."],
            []
        );
        var result = FilePlanner.Apply(
            plan,
            [new TranslationResult(null, "no translation"), new TranslationResult(null, "no translation")]
        );
        Assert.Equal(
            "# 标题\n\n<!-- amts: untranslated -->A new first sentence.\n第一句。\n<!-- amts: untranslated -->The second "
                + "sentence, changed.\n\n尾段。\n",
            result.NewTarget
        );
        var applied = Assert.Single(result.Changes);
        Assert.Equal(new LineRange(3, 5), applied.Lines);
        // The human sentence the engine left English in place of is back; the added one has no human text and stays as
        // written.
        Assert.Equal("<!-- amts: untranslated -->A new first sentence.\n第一句。\n第二句。", applied.Suggestion);
    }
}
