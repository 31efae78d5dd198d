using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Markdown;

[Trait("Category", "Unit")]
public class MaskingTests
{
    const string Sentence =
        "Let us [**download the dataset**] from :numref:`sec_x`, i.e., $x < y$ & `read_csv` at https://d2l.ai/x.html.";

    static MaskedText Masked(PlaceholderStyle style = PlaceholderStyle.KeepContent) =>
        Masking.Mask(Sentence, ProtectedSpans.Find(Sentence), style);

    [Fact]
    public void Masks_to_translate_no_spans_and_escapes_the_rest()
    {
        var m = Masked();
        Assert.Equal(
            "Let us <span translate=\"no\" data-amts=\"0\">[**</span>download the dataset<span translate=\"no\" "
                + "data-amts=\"1\">**]</span> from "
                + "<span translate=\"no\" data-amts=\"2\">:numref:`sec_x`</span>, i.e., <span translate=\"no\" "
                + "data-amts=\"3\">$x &lt; y$</span> &amp; "
                + "<span translate=\"no\" data-amts=\"4\">`read_csv`</span> at <span translate=\"no\" "
                + "data-amts=\"5\">https://d2l.ai/x.html</span>.",
            m.Html
        );
        Assert.Equal(Sentence, Masking.Unmask(m.Html, m).Text);
    }

    [Fact]
    public void A_translation_that_moves_placeholders_is_restored()
    {
        var m = Masked(PlaceholderStyle.Empty);
        var zh =
            "让我们从<span data-amts=\"2\"></span>，即<span data-amts=\"3\"></span>与<span data-amts=\"4\"></span>在<span "
            + "data-amts=\"5\"></span>"
            + "<span data-amts=\"0\"></span>下载数据集<span data-amts=\"1\"></span>。";
        var r = Masking.Unmask(zh, m);
        Assert.True(r.IsIntact);
        Assert.Equal("让我们从:numref:`sec_x`，即$x < y$与`read_csv`在https://d2l.ai/x.html[**下载数据集**]。", r.Text);
    }

    [Fact]
    public void Detects_a_lost_placeholder()
    {
        var m = Masked();
        var r = Masking.Unmask(m.Html.Replace("<span translate=\"no\" data-amts=\"3\">$x &lt; y$</span>", ""), m);
        var p = Assert.Single(r.Problems);
        Assert.Equal(PlaceholderProblemKind.Lost, p.Kind);
        Assert.Equal(3, p.Id);
    }

    [Fact]
    public void Detects_a_duplicated_placeholder()
    {
        var m = Masked();
        var span = "<span translate=\"no\" data-amts=\"4\">`read_csv`</span>";
        var r = Masking.Unmask(m.Html.Replace(span, span + " " + span), m);
        Assert.Equal([(PlaceholderProblemKind.Duplicated, 4)], r.Problems.Select(p => (p.Kind, p.Id)));
    }

    [Fact]
    public void Detects_an_altered_placeholder_and_an_invented_one()
    {
        var m = Masked();
        var r = Masking.Unmask(
            m.Html.Replace("`read_csv`", "`leído_csv`").Replace(" at ", " at <span data-amts=\"9\">x</span>"),
            m
        );
        Assert.Equal(
            [(PlaceholderProblemKind.Altered, 4), (PlaceholderProblemKind.Unknown, 9)],
            r.Problems.Select(p => (p.Kind, p.Id)).Order()
        );
    }

    [Fact]
    public void Apertium_style_reshaped_tags_still_restore()
    {
        // Apertium returns <x id="1"/> as <x id="1"></x>; our spans come back with the same attributes, maybe requoted.
        var m = Masked(PlaceholderStyle.Empty);
        var back = m.Html.Replace("data-amts=\"5\"", "data-amts='5'");
        Assert.Equal(Sentence, Masking.Unmask(back, m).Text);
    }
}

[Trait("Category", "Unit")]
public class MarkdownTextTests
{
    [Fact]
    public void Untrusted_text_cannot_become_markup_a_mention_or_html()
    {
        var escaped = Amts.Bot.Markdown.MarkdownText.Escape(
            "See [link](http://x) by @octocat <script>alert(1)</script> | *bold* `code`\n::set-output"
        );
        Assert.Equal(
            "See \\[link\\](http://x) by &#64;octocat &#60;script&#62;alert(1)&#60;/script&#62; \\| \\*bold\\* "
                + "\\`code\\` ::set-output",
            escaped
        );
    }
}
