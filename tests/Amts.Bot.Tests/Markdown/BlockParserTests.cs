using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Markdown;

[Trait("Category", "Unit")]
public class BlockParserTests
{
    static MarkdownDocument Parse(string text)
    {
        var doc = MarkdownDocument.Parse(text, "t.md");
        Assert.Equal(text, doc.Render());
        return doc;
    }

    static BlockKind[] Kinds(MarkdownDocument doc) =>
        doc.Blocks.Where(b => b.Kind != BlockKind.Blank).Select(b => b.Kind).ToArray();

    [Fact]
    public void Heading_takes_its_label_line()
    {
        // chapter_linear-networks/linear-regression-concise.md of d2l-zh
        var doc = Parse(
            "# 线性回归的简洁实现\n:label:`sec_linear_concise`\n\n在过去的几年里，出于对深度学习强烈的兴趣，\n许多公司开发了各种成熟的开源框架。\n"
        );
        Assert.Equal([BlockKind.Heading, BlockKind.Paragraph], Kinds(doc));
        Assert.Equal("sec_linear_concise", doc.Blocks[0].Label);
        Assert.Equal(1, doc.Blocks[0].HeadingLevel);
        Assert.Equal(2, doc.Blocks[0].LineCount);
        Assert.Equal(4, doc.Blocks[2].Line);
        Assert.Equal(5, doc.Blocks[2].EndLine);
    }

    [Fact]
    public void Code_cells_parse_info_string_tab_and_save()
    {
        var doc = Parse(
            "```{.python .input  n=3}\n#@tab pytorch, tensorflow\ndef f(x):  #@save\n    return "
                + "x\n```\n\n```toc\n:maxdepth: 2\n\nintro\n```\n"
        );
        Assert.Equal([BlockKind.Code, BlockKind.Toc], Kinds(doc));
        var code = doc.Blocks[0].Code!;
        Assert.Equal("python", code.Language);
        Assert.Equal(["python", "input"], code.Classes);
        Assert.Equal("3", code.Attributes["n"]);
        Assert.Equal(["pytorch", "tensorflow"], code.Tabs);
        Assert.True(code.HasSave);
        Assert.True(code.Closed);
    }

    [Fact]
    public void Tab_groups_math_figures_and_directives()
    {
        var text = """
            :begin_tab:`mxnet, tensorflow`
            Note that *before* this point.
            :end_tab:

            $$\hat{y} = w_1  x_1 + b.$$
            :eqlabel:`eq_price-area`

            $$
            \mathbf{x}
            $$

            ![One-hot caption](../img/onehot.svg)
            :width:`400px`
            :label:`fig_onehot`

            :bibliography:`../d2l.bib`

            """;
        var doc = Parse(text);
        Assert.Equal(
            [
                BlockKind.TabBegin,
                BlockKind.Paragraph,
                BlockKind.TabEnd,
                BlockKind.DisplayMath,
                BlockKind.DisplayMath,
                BlockKind.Figure,
                BlockKind.Directive,
            ],
            Kinds(doc)
        );
        var blocks = doc.Blocks.Where(b => b.Kind != BlockKind.Blank).ToList();
        Assert.Equal(["mxnet", "tensorflow"], blocks[0].Tabs);
        Assert.Equal("eq_price-area", blocks[3].Label);
        Assert.Equal(3, blocks[4].LineCount);
        Assert.Equal(new FigureInfo("One-hot caption", "../img/onehot.svg", "400px"), blocks[5].Figure);
        Assert.Equal("fig_onehot", blocks[5].Label);
    }

    [Fact]
    public void Lists_tables_quotes_html_and_comments()
    {
        var text =
            "* Write a program that predicts.\n* Write another\n  that continues.\n\n  A second paragraph of the "
            + "item.\n\nAfter the list.\n\n"
            + "|Name|Value|\n|:--|--:|\n|`a|b`|$x$|\n:label:`tab_x`\n\n> quoted\nlazy\n\n<div "
            + "align=\"center\">\n<img src=\"x.png\">\n</div>\n\n<!-- a\n\ncomment -->\n---\n";
        var doc = Parse(text);
        Assert.Equal(
            [
                BlockKind.List,
                BlockKind.Paragraph,
                BlockKind.Table,
                BlockKind.Quote,
                BlockKind.Html,
                BlockKind.Comment,
                BlockKind.ThematicBreak,
            ],
            Kinds(doc)
        );
        Assert.Equal(5, doc.Blocks[0].LineCount);
        Assert.Equal("tab_x", doc.Blocks.First(b => b.Kind == BlockKind.Table).Label);
    }

    [Fact]
    public void A_paragraph_is_interrupted_by_a_fence_math_or_heading_but_not_by_an_indented_role()
    {
        var doc = Parse(
            "本节将介绍如何(**通过使用深度学习框架来简洁地实现**)\n "
                + ":numref:`sec_linear_scratch`中的(**线性回归模型**)。\nwhere\n$$x$$\nand\n```python\nx\n```\n# H\n"
        );
        Assert.Equal(
            [BlockKind.Paragraph, BlockKind.DisplayMath, BlockKind.Paragraph, BlockKind.Code, BlockKind.Heading],
            Kinds(doc)
        );
        Assert.Equal(3, doc.Blocks[0].LineCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no final newline")]
    [InlineData("# Title\r\n\r\nCRLF text  \r\nwith trailing spaces\t\r\n")]
    [InlineData("mixed\r\nendings\nand\rold mac\n\n\n\n")]
    [InlineData("\uFEFF# With BOM\n")]
    [InlineData("   \n\t\n")]
    public void Odd_text_round_trips(string text)
    {
        var doc = Parse(text);
        Assert.Equal(text.Length, doc.Blocks.Sum(b => b.Text.Length));
    }

    [Fact]
    public void A_bom_does_not_hide_the_first_heading()
    {
        var doc = Parse("\uFEFF# With BOM\n:label:`x`\n");
        Assert.Equal(BlockKind.Heading, doc.Blocks[0].Kind);
        Assert.Equal("x", doc.Blocks[0].Label);
    }

    [Fact]
    public void Unclosed_fence_is_lossless_and_reported_with_its_line()
    {
        var doc = Parse("Text\n\n```python\nx = 1\n\nmore\n");
        var d = Assert.Single(doc.Diagnostics);
        Assert.Equal(3, d.Line);
        Assert.Contains("never closed", d.Message);
        Assert.Equal(
            "t.md:3: warning: code fence ``` opened here is never closed; it runs to the end of the file",
            d.ToString()
        );
        Assert.False(doc.Blocks.Single(b => b.Kind == BlockKind.Code).Code!.Closed);
    }

    [Fact]
    public void Unclosed_display_math_stops_at_the_blank_line_and_is_reported()
    {
        var doc = Parse("$$\nx = 1\n\nA paragraph that must stay prose.\n");
        Assert.Equal(1, Assert.Single(doc.Diagnostics).Line);
        Assert.Equal([BlockKind.DisplayMath, BlockKind.Paragraph], Kinds(doc));
    }

    [Fact]
    public void Invalid_utf8_names_file_line_and_offset()
    {
        var bytes = Encoding
            .UTF8.GetBytes("line one\nline two\n")
            .Concat(new byte[] { 0xE4, 0xB8 })
            .Concat(Encoding.UTF8.GetBytes("\n"))
            .ToArray();
        var e = Assert.Throws<MarkdownInputException>(() => SourceText.Decode(bytes, "chapter_x/bad.md"));
        Assert.Equal("chapter_x/bad.md:3: invalid UTF-8 at byte offset 18", e.Message);
        var check = LosslessCheck.Run(bytes, "chapter_x/bad.md");
        Assert.False(check.IsLossless);
        Assert.Equal(["chapter_x/bad.md:3: invalid UTF-8 at byte offset 18"], check.Failures);
    }
}

/// <summary>Inputs far larger than any book file (a real chapter repeated, one huge paragraph): seconds, not
/// milliseconds.</summary>
[Trait("Category", "Corpus")]
public class LargeInputTests
{
    [Fact]
    public void A_ten_megabyte_file_round_trips()
    {
        var chapter = File.ReadAllText(
            Path.Combine(TestData.ChineseRepo, "chapter_linear-networks/linear-regression-concise.md")
        );
        var sb = new StringBuilder();
        while (sb.Length < 10_000_000)
            sb.Append(chapter);
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var check = LosslessCheck.Run(bytes, "big.md");
        Assert.True(check.IsLossless, string.Join("\n", check.Failures));
        Assert.True(check.Blocks > 10_000);
    }

    [Fact]
    public void One_ten_megabyte_paragraph_round_trips()
    {
        var sentence = "Here $x_i$ is a `tensor` and :numref:`sec_x` shows [a link](https://d2l.ai/a.html). ";
        var text = string.Concat(Enumerable.Repeat(sentence, 10_000_000 / sentence.Length)) + "\n";
        var check = LosslessCheck.Run(Encoding.UTF8.GetBytes(text), "para.md");
        Assert.True(check.IsLossless, string.Join("\n", check.Failures));
        Assert.Equal(1, check.Blocks);
    }
}
