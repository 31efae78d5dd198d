using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Markdown;

[Trait("Category", "Unit")]
public class ProtectedSpansTests
{
    static (ProtectedKind Kind, string Text)[] Find(string text) =>
        ProtectedSpans.Find(text).Select(s => (s.Kind, s.Text(text))).ToArray();

    [Fact]
    public void Finds_every_kind_in_real_d2l_prose()
    {
        var text =
            "与 :numref:`sec_linear_scratch`中类似，我们首先[**生成数据集**]。在$x_1$中的 [the MovieLens "
            + "site](https://grouplens.org/datasets/movielens/ \"t\")"
            + " ![img](../img/a.svg) see https://d2l.ai/x.html. <b>x</b> &nbsp; $100\\%$ \\$5 x[^1] <http://q.com> "
            + "`read_csv` :cite:`Vaswani.2017`";
        Assert.Equal(
            [
                (ProtectedKind.Role, ":numref:`sec_linear_scratch`"),
                (ProtectedKind.SlideMarker, "[**"),
                (ProtectedKind.SlideMarker, "**]"),
                (ProtectedKind.Math, "$x_1$"),
                (ProtectedKind.LinkOpen, "["),
                (ProtectedKind.LinkTarget, "](https://grouplens.org/datasets/movielens/ \"t\")"),
                (ProtectedKind.LinkOpen, "!["),
                (ProtectedKind.LinkTarget, "](../img/a.svg)"),
                (ProtectedKind.Url, "https://d2l.ai/x.html"),
                (ProtectedKind.Html, "<b>"),
                (ProtectedKind.Html, "</b>"),
                (ProtectedKind.Entity, "&nbsp;"),
                (ProtectedKind.Math, "$100\\%$"),
                (ProtectedKind.FootnoteRef, "[^1]"),
                (ProtectedKind.Autolink, "<http://q.com>"),
                (ProtectedKind.Code, "`read_csv`"),
                (ProtectedKind.Role, ":cite:`Vaswani.2017`"),
            ],
            Find(text)
        );
    }

    [Theory]
    [InlineData("it costs \\$5 and \\$6", 0)] // escaped dollars
    [InlineData("between $ 5 and 6$", 0)] // opening dollar before a space
    [InlineData("costs $5 and $6 in all", 0)] // closing dollar followed by a digit
    [InlineData("it is $x$. Then $$y$$ inline", 2)]
    [InlineData("code `a $b$ c` is not math", 1)] // the code span only
    [InlineData("为了简洁起见，本书将高度$h$像素、宽度$w$像素图像", 2)]
    public void Inline_math_follows_pandoc_rules(string text, int count) =>
        Assert.Equal(count, ProtectedSpans.Find(text).Count);

    [Fact]
    public void Slide_markers_are_protected_but_their_text_is_not()
    {
        var text = "本节将介绍如何(**通过使用深度学习框架来简洁地实现**)";
        Assert.Equal([(ProtectedKind.SlideMarker, "(**"), (ProtectedKind.SlideMarker, "**)")], Find(text));
    }
}
