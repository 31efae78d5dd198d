using System.Text;
using Amts.Bot.Evaluation;
using Amts.Bot.Tests.Cli;

namespace Amts.Bot.Tests.Evaluation;

/// <summary>The Python behaviours sacreBLEU's exactness rests on, including ones the shared cases do not
/// exercise.</summary>
[Trait("Category", "Unit")]
public class PythonSemanticsTests
{
    [Theory]
    [InlineData(0.125, 2, "0.12")] // exact tie: half to even (.NET's "F2" gives 0.13)
    [InlineData(0.375, 2, "0.38")]
    [InlineData(2.675, 2, "2.67")] // binary value just below the tie
    [InlineData(96.70658682634731, 1, "96.7")]
    [InlineData(0.9705036457993695, 3, "0.971")]
    [InlineData(100.0, 10, "100.0000000000")]
    [InlineData(0.0, 1, "0.0")]
    [InlineData(12.25, 1, "12.2")]
    public void Fixed_rounds_like_python(double x, int decimals, string expected) =>
        Assert.Equal(expected, PyFormat.Fixed(x, decimals));

    [Theory]
    [InlineData(81.6881052251, "81.6881052251")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(1.2e-05, "1.2e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345.6, "123456789012345.6")]
    public void Repr_prints_like_python(double x, string expected) => Assert.Equal(expected, PyFormat.Repr(x));

    [Fact]
    public void Whitespace_is_pythons()
    {
        Assert.True(PyText.IsSpace(0x1C)); // Python: yes; .NET char.IsWhiteSpace: no
        Assert.True(PyText.IsSpace(0x3000));
        Assert.False(PyText.IsSpace(0x200B)); // zero-width space is not whitespace
        Assert.Equal(["a", "b", "c"], PyText.Split("\u3000a\u001Cb  \tc\u00A0"));
        Assert.Equal("x", PyText.RStrip("x \r\u2028"));
    }

    [Fact]
    public void Lower_is_pythons_full_mapping()
    {
        Assert.Equal("i\u0307stanbul", PyText.Lower("İstanbul"));
        Assert.Equal("οδυσσευς", PyText.Lower("ΟΔΥΣΣΕΥΣ"));
        Assert.Equal("σ", PyText.Lower("Σ")); // alone: no cased letter before it
        Assert.Equal("deep learning", PyText.Lower("Deep LEARNING"));
    }

    [Fact]
    public void Astral_characters_count_as_one_character()
    {
        // chrF counts code points: "𠀀" (U+20000) is one character n-gram, not two UTF-16 units.
        var s = new Chrf(new ChrfOptions { CharOrder = 1 }).Sentence("𠀀a", ["𠀀b"]);
        Assert.Equal(new long[] { 2, 2, 1 }, s.Statistics);
        Assert.Equal("𠀀 a", TokenizerChar.Instance.Tokenize("𠀀a"));
        // U+20000 is not "Chinese" to sacreBLEU's zh tokenizer (its Extension B range is mis-typed); U+201C is.
        Assert.False(TokenizerZh.IsChineseChar(0x20000));
        Assert.True(TokenizerZh.IsChineseChar(0x201C));
        Assert.Equal("他 说 “ 好 ” 。", TokenizerZh.Instance.Tokenize("他说“好”。"));
    }

    [Fact]
    public void Empty_input_scores_zero_without_dividing_by_zero()
    {
        var s = new Bleu().Corpus(
            [""],
            [
                [""],
            ]
        );
        Assert.Equal(0.0, s.Score);
        Assert.Equal(0.0, s.Ratio);
        Assert.Equal(
            0.0,
            new Chrf()
                .Corpus(
                    [""],
                    [
                        [""],
                    ]
                )
                .Score
        );
    }
}

/// <summary>The bleu command's errors and text formats, through the CLI (a process: Integration).</summary>
[Trait("Category", "Integration")]
public class BleuCommandTests
{
    [Fact]
    public void Different_line_counts_are_a_clear_error()
    {
        var dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "hyp.txt"), "a\nb\n");
        File.WriteAllText(Path.Combine(dir, "ref.txt"), "a\n");
        var r = CliRunner.Run("bleu", Path.Combine(dir, "ref.txt"), "-i", Path.Combine(dir, "hyp.txt"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("hyp.txt has 2 lines but", r.Stderr);
        Assert.Contains("ref.txt has 1", r.Stderr);
        Assert.Throws<ArgumentException>(() =>
            new Bleu().Corpus(
                ["a", "b"],
                [
                    ["a"],
                ]
            )
        );
    }

    [Fact]
    public void Missing_file_and_invalid_utf8_are_clear_errors()
    {
        var dir = TestData.TempDir();
        File.WriteAllBytes(
            Path.Combine(dir, "bad.txt"),
            Encoding.UTF8.GetBytes("ok\n").Concat(new byte[] { 0xFF, 0x0A }).ToArray()
        );
        File.WriteAllText(Path.Combine(dir, "ref.txt"), "ok\nok\n");
        var missing = CliRunner.Run("bleu", Path.Combine(dir, "nope.txt"), "-i", Path.Combine(dir, "ref.txt"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"amts: bleu: {Path.Combine(dir, "nope.txt")}: no such file", missing.Stderr.Trim());
        var bad = CliRunner.Run("bleu", Path.Combine(dir, "ref.txt"), "-i", Path.Combine(dir, "bad.txt"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal(
            $"amts: bleu: {Path.Combine(dir, "bad.txt")}:2: invalid UTF-8 at byte offset 3",
            bad.Stderr.Trim()
        );
    }

    [Fact]
    public void Text_format_and_sentence_level_chrf()
    {
        var dir = Path.Combine(TestData.Data, "bleu-cases", "01_en_prose");
        var r = CliRunner.Run(
            "bleu",
            Path.Combine(dir, "ref.txt"),
            "-i",
            Path.Combine(dir, "hyp.txt"),
            "-m",
            "chrf",
            "-f",
            "text",
            "-w",
            "2"
        );
        Assert.Equal(
            "chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 91.52\n",
            r.Stdout.Replace("\r", "")
        );
        var sl = CliRunner.Run(
            "bleu",
            Path.Combine(dir, "ref.txt"),
            "-i",
            Path.Combine(dir, "hyp.txt"),
            "-m",
            "chrf",
            "-sl",
            "--short"
        );
        Assert.Equal(15, sl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("chrF2|#:1|c:mixed|e:yes|nc:6|nw:0|s:no|v:2.6.0 = ", sl.Stdout);
        var two = CliRunner.Run(
            "bleu",
            Path.Combine(dir, "ref.txt"),
            "-i",
            Path.Combine(dir, "hyp.txt"),
            "-m",
            "bleu",
            "chrf",
            "-sl"
        );
        Assert.Equal(1, two.ExitCode);
    }
}
