using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Engines;

namespace Amts.Bot.Tests.Translation;

/// <summary>Debian's real Apertium (installed by .ci/run: apertium apertium-eng-spa), on d2l sentences. Where it is not
/// installed, the tests that need it are skipped with the command that installs it (CI installs it, so there they
/// run).</summary>
[Trait("Category", "External")]
public class ApertiumEngineTests
{
    const string Install = "Apertium is not installed: sudo apt-get install -y apertium apertium-eng-spa";

    static readonly Lazy<bool> EnglishSpanishInstalled = new(() =>
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(
                new System.Diagnostics.ProcessStartInfo("apertium", "-l")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                }
            );
            var pairs = p!.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && pairs.Split('\n').Any(l => l.Trim() == "eng-spa");
        }
        catch (System.ComponentModel.Win32Exception) // no apertium on the PATH
        {
            return false;
        }
    });

    [SkippableFact]
    public async Task Translates_a_batch_and_keeps_every_protected_span()
    {
        Skip.IfNot(EnglishSpanishInstalled.Value, Install);
        string[] sentences =
        [
            "We change $\\beta_1$ in Adam (:numref:`sec_adam`) from $0.9$ to $0.5$.",
            "The function `net` returns a tensor.",
            "Download the data from [the MovieLens site](https://grouplens.org/datasets/movielens/).",
            "Machine learning is the study of powerful techniques that can learn from experience.",
        ];
        var results = await new ApertiumEngine().TranslateAsync(sentences, "en", "es");
        Assert.Equal(sentences.Length, results.Count);
        Assert.All(results, r => Assert.NotNull(r.Text));
        Assert.Contains("$\\beta_1$", results[0].Text);
        Assert.Contains(":numref:`sec_adam`", results[0].Text);
        Assert.Contains("$0.9$", results[0].Text);
        Assert.Contains("](https://grouplens.org/datasets/movielens/)", results[2].Text);
        Assert.Contains("aprendizaje", results[3].Text, StringComparison.OrdinalIgnoreCase);
        // Apertium capitalises after a tag; the word after `net` was lower case in English and stays so.
        Assert.Matches(@"`net` \p{Ll}", results[1].Text!);
    }

    [Fact]
    public async Task An_unknown_pair_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<TranslationEngineException>(() =>
            new ApertiumEngine().TranslateAsync(["Hello."], "en", "xx")
        );
        Assert.Contains("no language code known for 'xx'", e.Message);
        var missing = await Assert.ThrowsAsync<TranslationEngineException>(() =>
            new ApertiumEngine("/nonexistent/apertium").TranslateAsync(["Hello."], "en", "es")
        );
        Assert.Contains("apt-get install -y apertium apertium-eng-spa", missing.Message);
    }

    [SkippableFact]
    public void Sync_with_apertium_translates_only_the_changed_sentence()
    {
        Skip.IfNot(EnglishSpanishInstalled.Value, Install);
        // No Spanish d2l is in the corpus: the "translation" is the English file itself at the start of the range,
        // which is enough to see that only the changed sentence is sent and replaced.
        var en = TestData.FreshClone("d2l-en");
        var es = TestData.TempDir();
        var git = new GitCli(en);
        const string path = "chapter_computer-vision/anchor.md";
        // "Update anchor.md": a math fix (line 46) and a clause removed from a sentence (line 176)
        const string commit = "7bc7201";
        Directory.CreateDirectory(Path.Combine(es, "chapter_computer-vision"));
        var before = git.Run("show", $"{commit}^:{path}");
        File.WriteAllText(Path.Combine(es, path), before);
        // Its base: the English it was made from (a sync never guesses it from --from).
        File.WriteAllText(Path.Combine(es, "chapter_computer-vision/anchor_origin.md"), before);
        var report = Path.Combine(TestData.TempDir(), "r");
        var r = CliRunner.Run(
            "sync",
            "--source",
            en,
            "--target",
            es,
            "--lang",
            "es",
            "--from",
            commit + "^",
            "--to",
            commit,
            "--engine",
            "apertium",
            "--report",
            report
        );
        Assert.True(r.ExitCode == 0, r.Stderr);
        var after = File.ReadAllText(Path.Combine(es, path));
        Assert.NotEqual(before, after);
        var json = System
            .Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")))
            .RootElement;
        Assert.Equal("apertium", json.GetProperty("engine").GetString());
        int mt = json.GetProperty("totals").GetProperty("mtChars").GetInt32();
        Assert.InRange(mt, 1, 2000);
        // Before the math fix on line 46 and after the changed sentence (lines 175-176) the file is byte for byte the
        // same.
        var lines = before.Split('\n');
        Assert.StartsWith(string.Join('\n', lines[..45]) + "\n", after);
        Assert.EndsWith("\n" + string.Join('\n', lines[176..]), after);
        Assert.Contains("$hs\\sqrt{r}$ and $hs/\\sqrt{r}$", after);
        Assert.DoesNotContain("thus, the range is between 0 and 1", after);
        Assert.Contains("It has four elements", after); // the sentence before it stays as it was
    }
}
