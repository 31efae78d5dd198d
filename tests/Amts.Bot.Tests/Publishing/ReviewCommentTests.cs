using Amts.Bot.Publishing.Action;
using Amts.Bot.Sync;

namespace Amts.Bot.Tests.Publishing;

/// <summary>Issue 12: a review comment shows the English before and after (neutralised, excerpted) and, where the bot
/// has text for the commented lines that it did not write, a suggestion block for exactly those lines.</summary>
[Trait("Category", "Unit")]
public class ReviewCommentTests
{
    static SyncReport Report(params AppliedChange[] changes) =>
        new(
            "d2l-en",
            new string('a', 40),
            new string('b', 40),
            "zh",
            "memory",
            [new FileReport("a.md", "a.md", FileStatus.Modified, changes, 100, null)],
            null
        );

    static AppliedChange Untranslated(LineRange lines, string? suggestion) =>
        new AppliedChange(
            new PlannedChange(
                ChangeKind.Retranslated,
                "1 sentence(s) new or changed",
                new LineRange(20, 22),
                new LineRange(11, 14),
                [0],
                false
            )
            {
                EnglishBefore = "Each time a customer clicks, thanks @octocat (see #1).",
                EnglishAfter = "Whenever a shopper @hubot puts a product in the cart, d2l-ai/d2l-en#3.",
            },
            40,
            0,
            ["Whenever a shopper puts a product in the cart."]
        )
        {
            Lines = lines,
            Suggestion = suggestion,
        };

    [Fact]
    public void A_comment_shows_the_english_before_and_after_with_no_mention_and_no_issue_link()
    {
        var comment = Assert.Single(ReviewComments.From(Report(Untranslated(new LineRange(13, 16), null))));
        Assert.Equal(("a.md", 13, 16), (comment.Path, comment.StartLine, comment.Line));
        Assert.Contains(
            "English before: Each time a customer clicks, thanks @\u200Doctocat (see \\#\u200D1).",
            comment.Body
        ); // # escaped as Markdown too
        Assert.Contains(
            "English after: Whenever a shopper @\u200Dhubot puts a product in the cart, d2l-ai/d2l-en\\#\u200D3.",
            comment.Body
        );
        Assert.DoesNotContain("suggestion", comment.Body);
    }

    [Fact]
    public void A_comment_with_a_proposal_carries_a_suggestion_block_for_exactly_its_lines_and_says_what_it_replaces()
    {
        const string human = "为了完善业务逻辑。\n当买家单击将商品添加到购物车时。\n```python\nx = 1\n```";
        var comment = Assert.Single(ReviewComments.From(Report(Untranslated(new LineRange(13, 17), human))));
        Assert.Equal((13, 17), (comment.StartLine, comment.Line));
        // The fence is longer than any backtick run of the lines, so the suggestion holds them whole and unchanged
        // (not neutralised: it is what the file gets).
        Assert.Contains("\n````suggestion\n" + human + "\n````", comment.Body);
        Assert.Contains("replaces lines 13–17", comment.Body);
        Assert.Contains("human translation", comment.Body);
    }

    [Fact]
    public void A_one_line_change_is_a_one_line_comment_and_changes_without_lines_or_review_get_none()
    {
        var routine = new AppliedChange(
            new PlannedChange(ChangeKind.Kept, "cosmetic", new LineRange(1, 1), new LineRange(1, 1), [], false),
            0,
            0,
            []
        )
        {
            Lines = new LineRange(1, 1),
        };
        var gone = new AppliedChange(
            new PlannedChange(
                ChangeKind.Review,
                "removed by hand",
                new LineRange(3, 3),
                new LineRange(30, 31),
                [],
                true
            ),
            0,
            0,
            []
        );
        var comments = ReviewComments.From(Report(routine, gone, Untranslated(new LineRange(7, 7), "一行。")));
        var comment = Assert.Single(comments);
        Assert.Equal((null, 7), (comment.StartLine, comment.Line));
        Assert.Contains("```suggestion\n一行。\n```", comment.Body);
        Assert.Contains("replaces line 7", comment.Body);
    }

    [Fact]
    public void Only_lines_of_the_pull_requests_diff_get_a_comment_github_refuses_the_whole_review_otherwise()
    {
        var diff = PullDiff.Parse(
            """
            diff --git a/a.md b/a.md
            index 1111111..2222222 100644
            --- a/a.md
            +++ b/a.md
            @@ -10,7 +10,8 @@ heading
            @@ -40 +41 @@
            @@ -60,2 +61,0 @@
            +++ b/not-a-header.md
            diff --git a/b c.md b/b c.md
            --- /dev/null
            +++ b/b c.md	
            @@ -0,0 +1,3 @@
            """
        );
        Assert.True(diff.Contains("a.md", new LineRange(10, 17)));
        Assert.False(diff.Contains("a.md", new LineRange(9, 10)));
        Assert.True(diff.Contains("a.md", new LineRange(41, 41)));
        // a hunk that only removes lines has none on the right
        Assert.False(diff.Contains("a.md", new LineRange(61, 61)));
        Assert.True(diff.Contains("b c.md", new LineRange(1, 3)));
        Assert.False(diff.Contains("c.md", new LineRange(1, 1)));

        var inside = Untranslated(new LineRange(13, 16), null);
        var outside = Untranslated(new LineRange(30, 31), "人的译文。");
        var comment = Assert.Single(ReviewComments.From(Report(inside, outside), diff.Contains));
        Assert.Equal(16, comment.Line);
    }
}
