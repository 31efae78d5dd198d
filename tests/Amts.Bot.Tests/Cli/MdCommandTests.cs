using System.Text.Json;

namespace Amts.Bot.Tests.Cli;

[Trait("Category", "Corpus")]
public class MdCommandTests
{
    [Fact]
    public void Check_prints_one_summary_line_for_the_chinese_book()
    {
        var r = CliRunner.Run("md", "check", TestData.ChineseRepo);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^checked 294 files, \d+ blocks, \d+ protected spans: all lossless\r?\n$", r.Stdout);
    }

    [Fact]
    public void Check_history_covers_every_revision_of_the_english_book()
    {
        var r = CliRunner.Run("md", "check", "--history", TestData.EnglishRepo);
        Assert.Equal(0, r.ExitCode);
        var files = int.Parse(
            System.Text.RegularExpressions.Regex.Match(r.Stdout, @"checked (\d+) files").Groups[1].Value
        );
        Assert.True(files > 180, r.Stdout);
    }

    [Fact]
    public void Check_fails_naming_each_bad_file()
    {
        var dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "good.md"), "# Good\n");
        File.WriteAllBytes(Path.Combine(dir, "latin1.md"), [0x63, 0x61, 0x66, 0xE9, 0x0A]);
        File.WriteAllText(Path.Combine(dir, "unclosed.md"), "```python\nx = 1\n");
        var r = CliRunner.Run("md", "check", dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("checked 3 files", r.Stdout);
        Assert.Contains("1 not lossless: " + Path.Combine(dir, "latin1.md"), r.Stdout);
        Assert.Contains(Path.Combine(dir, "latin1.md") + ":1: invalid UTF-8 at byte offset 3", r.Stderr);
        Assert.Contains(Path.Combine(dir, "unclosed.md") + ":1: warning: code fence", r.Stderr);
    }

    [Fact]
    public void Check_of_a_missing_path_is_a_clear_error()
    {
        var r = CliRunner.Run("md", "check", "/nonexistent/x.md");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("amts: md check: /nonexistent/x.md: no such file or directory", r.Stderr.Trim());
    }

    [Fact]
    public void Blocks_json_lists_kinds_lines_and_attributes()
    {
        var r = CliRunner.Run(
            "md",
            "blocks",
            Path.Combine(TestData.ChineseRepo, "chapter_linear-networks/linear-regression-concise.md"),
            "--json"
        );
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var blocks = json.RootElement.EnumerateArray().ToList();
        Assert.Equal("heading", blocks[0].GetProperty("kind").GetString());
        Assert.Equal("sec_linear_concise", blocks[0].GetProperty("label").GetString());
        Assert.Equal(1, blocks[0].GetProperty("line").GetInt32());
        Assert.Equal(2, blocks[0].GetProperty("endLine").GetInt32());
        var paddle = blocks.Single(b =>
            b.TryGetProperty("code", out var c)
            && c.GetProperty("tabs").EnumerateArray().Any(t => t.GetString() == "paddle")
            && b.GetProperty("line").GetInt32() == 41
        );
        Assert.Equal("python", paddle.GetProperty("code").GetProperty("language").GetString());
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var r = CliRunner.Run("frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", r.Stderr);
    }
}
