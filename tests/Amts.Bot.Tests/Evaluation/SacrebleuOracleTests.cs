using System.Text.Json;
using Amts.Bot.Evaluation;
using Amts.Bot.Tests.Cli;

namespace Amts.Bot.Tests.Evaluation;

/// <summary>Every figure sacreBLEU 2.6.0 printed for the cases in tests/data/bleu-cases, reproduced to 1e-9.</summary>
[Trait("Category", "Unit")]
public class SacrebleuOracleTests
{
    const double Tolerance = 1e-9;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestData.Data, "bleu-cases")).Order())
            if (File.Exists(Path.Combine(dir, "expected.json")))
                data.Add(Path.GetFileName(dir));
        return data;
    }

    internal sealed record Case(string Dir, JsonElement Root, List<string> Hyp, List<IReadOnlyList<string>> Refs);

    internal static Case Load(string name)
    {
        var dir = Path.Combine(TestData.Data, "bleu-cases", name);
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))).RootElement;
        var inputs = root.GetProperty("inputs");
        var hyp = TextLines.Read(Path.Combine(dir, inputs.GetProperty("hyp").GetString()!));
        var refs = inputs
            .GetProperty("refs")
            .EnumerateArray()
            .Select(r => (IReadOnlyList<string>)TextLines.Read(Path.Combine(dir, r.GetString()!)))
            .ToList();
        Assert.Equal(inputs.GetProperty("n_lines").GetInt32(), hyp.Count);
        return new Case(dir, root, hyp, refs);
    }

    static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected:R}, got {actual:R}");

    internal static void CloseAll(JsonElement expected, IEnumerable<double> actual, string what)
    {
        var e = expected.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var a = actual.ToArray();
        Assert.True(e.Length == a.Length, $"{what}: expected {e.Length} values, got {a.Length}");
        for (int i = 0; i < e.Length; i++)
            Close(e[i], a[i], $"{what}[{i}]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bleu_every_tokenizer_smoothing_and_level(string name)
    {
        var c = Load(name);
        int checkedEntries = 0;
        foreach (var e in c.Root.GetProperty("bleu").EnumerateArray())
        {
            var options = new BleuOptions
            {
                Tokenize = e.GetProperty("tokenize").GetString()!,
                SmoothMethod = e.GetProperty("smooth_method").GetString()!,
                SmoothValue = Num(e, "smooth_value"),
                EffectiveOrder = e.GetProperty("effective_order").GetBoolean(),
                Lowercase = e.GetProperty("lowercase").GetBoolean(),
            };
            var bleu = new Bleu(options);
            BleuScore s;
            string what;
            if (e.GetProperty("level").GetString() == "corpus")
            {
                s = bleu.Corpus(c.Hyp, c.Refs);
                what = $"{name} corpus {options}";
            }
            else
            {
                int line = e.GetProperty("line").GetInt32();
                s = bleu.Sentence(c.Hyp[line], c.Refs.Select(r => r[line]).ToList());
                what = $"{name} line {line} {options}";
            }
            Close(e.GetProperty("score").GetDouble(), s.Score, what + " score");
            CloseAll(e.GetProperty("counts"), s.Counts, what + " counts");
            CloseAll(e.GetProperty("totals"), s.Totals, what + " totals");
            CloseAll(e.GetProperty("precisions"), s.Precisions, what + " precisions");
            CloseAll(e.GetProperty("raw_counts"), s.RawCounts.Select(x => (double)x), what + " raw_counts");
            CloseAll(e.GetProperty("raw_totals"), s.RawTotals.Select(x => (double)x), what + " raw_totals");
            Close(e.GetProperty("bp").GetDouble(), s.Bp, what + " bp");
            Close(e.GetProperty("ratio").GetDouble(), s.Ratio, what + " ratio");
            Assert.Equal(e.GetProperty("sys_len").GetInt64(), s.SysLen);
            Assert.Equal(e.GetProperty("ref_len").GetInt64(), s.RefLen);
            Assert.Equal(e.GetProperty("signature").GetString(), s.Signature);
            Assert.Equal(e.GetProperty("signature_short").GetString(), s.ShortSignature);
            Assert.Equal(e.GetProperty("formatted_w2").GetString(), s.Format(2));
            checkedEntries++;
        }
        Assert.True(checkedEntries >= 200, $"{checkedEntries} entries");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chrf_variants_corpus_and_sentence(string name)
    {
        var c = Load(name);
        int checkedEntries = 0;
        foreach (var e in c.Root.GetProperty("chrf").EnumerateArray())
        {
            var chrf = new Chrf(
                new ChrfOptions
                {
                    CharOrder = e.GetProperty("char_order").GetInt32(),
                    WordOrder = e.GetProperty("word_order").GetInt32(),
                    Beta = e.GetProperty("beta").GetInt32(),
                    Whitespace = e.GetProperty("whitespace").GetBoolean(),
                    EpsSmoothing = e.GetProperty("eps_smoothing").GetBoolean(),
                    Lowercase = e.GetProperty("lowercase").GetBoolean(),
                }
            );
            ChrfScore s;
            if (e.GetProperty("level").GetString() == "corpus")
                s = chrf.Corpus(c.Hyp, c.Refs);
            else
            {
                int line = e.GetProperty("line").GetInt32();
                s = chrf.Sentence(c.Hyp[line], c.Refs.Select(r => r[line]).ToList());
            }
            var what = $"{name} {e.GetProperty("level")} {e.GetProperty("line")} {e.GetProperty("signature")}";
            Close(e.GetProperty("score").GetDouble(), s.Score, what);
            Assert.Equal(e.GetProperty("name").GetString(), s.Name);
            var stats = e.GetProperty("stats")
                .EnumerateArray()
                .SelectMany(o => o.EnumerateArray().Select(x => x.GetInt64()))
                .ToArray();
            Assert.Equal(stats, s.Statistics);
            Assert.Equal(e.GetProperty("signature").GetString(), s.Signature);
            Assert.Equal(e.GetProperty("signature_short").GetString(), s.ShortSignature);
            Assert.Equal(e.GetProperty("formatted_w2").GetString(), s.Format(2));
            checkedEntries++;
        }
        Assert.True(checkedEntries >= 30, $"{checkedEntries} entries");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tokenized_lines_match_line_by_line(string name)
    {
        var c = Load(name);
        foreach (var tok in c.Root.GetProperty("tokenized").EnumerateObject())
        {
            var bleu = new Bleu(new BleuOptions { Tokenize = tok.Name });
            var hyp = tok.Value.GetProperty("hyp").EnumerateArray().Select(x => x.GetString()!).ToList();
            Assert.Equal(hyp, c.Hyp.Select(bleu.Preprocess).ToList());
            var refs = tok.Value.GetProperty("refs").EnumerateArray().ToList();
            for (int r = 0; r < refs.Count; r++)
                Assert.Equal(
                    refs[r].EnumerateArray().Select(x => x.GetString()!).ToList(),
                    c.Refs[r].Select(bleu.Preprocess).ToList()
                );
        }
    }
}

/// <summary>The bleu command prints what sacreBLEU printed for the same cases (the CLI is a process:
/// Integration).</summary>
[Trait("Category", "Integration")]
public class SacrebleuCliTests
{
    public static TheoryData<string> Cases() => SacrebleuOracleTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cli_prints_what_sacrebleu_printed(string name)
    {
        var c = SacrebleuOracleTests.Load(name);
        foreach (var run in c.Root.GetProperty("cli").EnumerateArray())
        {
            var words = run.GetProperty("command").GetString()!.Split(' ')[3..]; // drop "python3 -m sacrebleu"
            var args = words.Select(w => w.EndsWith(".txt") ? Path.Combine(c.Dir, w) : w).Prepend("bleu").ToArray();
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var expected = run.GetProperty("output");
            if (words.Contains("-b"))
            {
                var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                SacrebleuOracleTests.CloseAll(
                    expected,
                    lines.Select(double.Parse),
                    name + " " + string.Join(' ', words)
                );
                continue;
            }
            using var doc = JsonDocument.Parse(r.Stdout);
            var actual =
                doc.RootElement.ValueKind == JsonValueKind.Array
                    ? doc.RootElement.EnumerateArray().ToList()
                    : [doc.RootElement];
            var exp = expected.EnumerateArray().ToList();
            Assert.Equal(exp.Count, actual.Count);
            for (int i = 0; i < exp.Count; i++)
            {
                Assert.Equal(
                    exp[i].EnumerateObject().Select(p => p.Name),
                    actual[i].EnumerateObject().Select(p => p.Name)
                );
                foreach (var p in exp[i].EnumerateObject())
                {
                    var a = actual[i].GetProperty(p.Name);
                    if (p.Value.ValueKind == JsonValueKind.Number)
                        Assert.Equal(p.Value.GetDouble(), a.GetDouble());
                    else
                        Assert.Equal(p.Value.GetString(), a.GetString());
                }
            }
        }
    }
}
