using Amts.Bot.Markdown;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Sync;

namespace Amts.Bot.Tests.Publishing;

/// <summary>The pull-request text on its own: neutralised references, routine items counted, review items split
/// between the body and continuation comments under the limit with nothing lost.</summary>
[Trait("Category", "Unit")]
public class PullRequestTextTests
{
    static AppliedChange Change(
        ChangeKind kind,
        bool review,
        int line,
        string reason = "retranslated: the English sentence changed"
    ) =>
        new(
            new PlannedChange(kind, reason, new LineRange(line, line), new LineRange(line, line + 1), [], review)
            {
                EnglishBefore = $"old English of line {line} @user",
                EnglishAfter = $"new English of line {line} #1",
            },
            10,
            1,
            []
        );

    [Fact]
    public void A_review_item_quotes_the_english_before_and_after_excerpted_and_an_addition_has_no_before()
    {
        var added = new AppliedChange(
            new PlannedChange(ChangeKind.Inserted, "block added in English", new LineRange(5, 5), null, [0], false)
            {
                EnglishAfter = "<b>new</b> " + new string('x', 400),
            },
            10,
            0,
            ["new"]
        );
        var t = PullRequestTextBuilder.Build(
            [
                Report(
                    new string('a', 40),
                    new string('b', 40),
                    new FileReport("a.md", "a.md", FileStatus.Modified, [added], 100, null)
                ),
            ],
            [],
            [],
            (_, _) => null,
            65_536,
            (_, _) => 0m,
            null
        );
        Assert.Contains("\n  English before: (none: added in English)\n  English after: ", t.Body);
        Assert.DoesNotContain("<b>", t.Body);
        Assert.Contains("xxx…\n", t.Body);
        Assert.DoesNotContain(new string('x', 300), t.Body);
    }

    static SyncReport Report(string from, string to, params FileReport[] files) =>
        new("d2l-en", from, to, "zh", "memory", files, null);

    [Theory]
    [InlineData("thanks @astonzhang", "thanks @\u200Dastonzhang")]
    [InlineData("see #12 and d2l-ai/d2l-en#3", "see #\u200D12 and d2l-ai/d2l-en#\u200D3")]
    [InlineData("GH-42", "GH-\u200D42")]
    [InlineData("mail a@b.org, C# and x#1", "mail a@b.org, C# and x#1")]
    public void Mentions_and_issue_references_get_a_zero_width_joiner(string text, string expected) =>
        Assert.Equal(expected, Untrusted.Neutralise(text));

    [Fact]
    public void Book_text_cannot_become_markup_or_html()
    {
        var text = UntrustedMarkdown.Text("<img src=x onerror=alert(1)> **bold** [link](http://x) | cell\nnext @user");
        Assert.DoesNotContain("<img", text);
        Assert.DoesNotContain("**bold**", text);
        Assert.DoesNotContain("](", text.Replace("\\](", ""));
        Assert.DoesNotContain("\n", text);
        Assert.Contains("@\u200Duser", text);
    }

    [Fact]
    public void Routine_items_are_counted_and_review_items_listed_per_file_across_every_report()
    {
        var first = Report(
            new string('a', 40),
            new string('b', 40),
            new FileReport(
                "a.md",
                "a.md",
                FileStatus.Modified,
                [Change(ChangeKind.Kept, false, 3), Change(ChangeKind.Retranslated, true, 7)],
                100,
                null
            )
        );
        var second = Report(
            new string('b', 40),
            new string('c', 40),
            new FileReport("b.md", "b.md", FileStatus.Modified, [Change(ChangeKind.Patched, false, 5)], 100, null)
        );
        var t = PullRequestTextBuilder.Build(
            [first, second],
            [],
            [],
            (p, l) => $"https://x/pull/1/files#{p}-{l}",
            65_536,
            (_, _) => 0m,
            null
        );
        Assert.Equal("[zh] Sync with d2l-en aaaaaaa..ccccccc", t.Title);
        Assert.Contains("| `a.md` | modified | 2 | 1 |", t.Body);
        Assert.Contains("| `b.md` | modified | 1 | 0 |", t.Body);
        Assert.Contains("Routine changes, counted and not listed: 1 kept, 1 patched.", t.Body);
        Assert.Contains(
            "- [lines 7–8](https://x/pull/1/files#a.md-7) (retranslated, English line 7): retranslated: the English "
                + "sentence changed\n  English before: old English of line 7 @\u200Duser\n  English after: new "
                + "English of line 7 \\#\u200D1\n",
            t.Body
        );
        Assert.DoesNotContain("line 3", t.Body);
        Assert.Empty(t.Continuations);
    }

    [Fact]
    public void A_body_over_the_limit_moves_whole_sections_to_continuations_and_cuts_nothing()
    {
        var files = Enumerable
            .Range(0, 60)
            .Select(i => new FileReport(
                $"chapter/f{i:00}.md",
                $"chapter/f{i:00}.md",
                FileStatus.Modified,
                Enumerable
                    .Range(1, 40)
                    .Select(l => Change(ChangeKind.Retranslated, true, l, new string('x', 80)))
                    .ToList(),
                1000,
                null
            ))
            .ToArray();
        var t = PullRequestTextBuilder.Build(
            [Report(new string('a', 40), new string('b', 40), files)],
            [],
            [],
            (_, _) => null,
            20_000,
            (_, _) => 0m,
            null
        );
        Assert.True(t.Body.Length <= 20_000);
        Assert.NotEmpty(t.Continuations);
        Assert.All(t.Continuations, c => Assert.True(c.Length <= 20_000));
        int Count(string s) => s.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.Equal(60 * 40, Count(t.Body) + t.Continuations.Sum(Count));
        Assert.Equal(60 * 40, Count(t.FullMarkdown));
        Assert.Contains("The remaining review items are in the comments below", t.Body);
    }

    [Fact]
    public void Book_text_in_the_log_cannot_issue_a_workflow_command_and_secrets_are_hidden()
    {
        var stdout = new StringWriter();
        var host = new GitHubActionsHost(stdout, null, null);
        host.Mask("ghs_secret");
        host.Log("  ::add-mask::x\n::error::from the book ghs_secret");
        host.Annotate(AnnotationLevel.Error, "two\nlines 100%", "amts zh", "a,b:c.md", 3);
        var lines = stdout.ToString().Split('\n');
        Assert.Equal("::add-mask::ghs_secret", lines[0]);
        Assert.Equal("  :\u200B:add-mask:\u200B:x", lines[1]);
        Assert.Equal(":\u200B:error:\u200B:from the book ***", lines[2]);
        Assert.Equal("::error title=amts zh,file=a%2Cb%3Ac.md,line=3::two%0Alines 100%25", lines[3]);
    }
}
