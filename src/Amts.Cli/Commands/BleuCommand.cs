using System.Text;
using Amts.Bot.Errors;
using Amts.Bot.Evaluation;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb("bleu", HelpText = "sacreBLEU-exact BLEU and chrF: amts bleu REF [REF...] -i HYP [-m bleu chrf] ...")]
internal sealed class BleuOptionsCli
{
    [Value(0, Min = 1, MetaName = "REF", HelpText = "Reference files, one segment per line.")]
    public IEnumerable<string> References { get; set; } = [];

    [Option('i', "input", Required = true, HelpText = "The hypothesis file.")]
    public string Input { get; set; } = "";

    [Option('m', "metrics", Separator = ' ', Default = new[] { "bleu" }, HelpText = "bleu and/or chrf.")]
    public IEnumerable<string> Metrics { get; set; } = ["bleu"];

    [Option("tokenize", Default = "13a", HelpText = "13a, zh, intl, char or none (also -tok).")]
    public string Tokenize { get; set; } = "13a";

    [Option('s', "smooth-method", Default = "exp", HelpText = "exp, floor, add-k or none.")]
    public string SmoothMethod { get; set; } = "exp";

    [Option("smooth-value", HelpText = "Value for floor (default 0.1) and add-k (default 1) (also -sv).")]
    public double? SmoothValue { get; set; }

    [Option("lowercase", HelpText = "Case-insensitive BLEU (also -lc).")]
    public bool Lowercase { get; set; }

    [Option('e', "effective-order", HelpText = "BLEU with effective order (always on with -sl).")]
    public bool EffectiveOrder { get; set; }

    [Option("sentence-level", HelpText = "A score per line (also -sl).")]
    public bool SentenceLevel { get; set; }

    [Option("chrf-char-order", Default = 6, HelpText = "Character n-gram order (also -cc).")]
    public int ChrfCharOrder { get; set; }

    [Option("chrf-word-order", Default = 0, HelpText = "Word n-gram order; 2 is chrF++ (also -cw).")]
    public int ChrfWordOrder { get; set; }

    [Option("chrf-beta", Default = 2, HelpText = "chrF beta: the weight of recall over precision.")]
    public int ChrfBeta { get; set; }

    [Option("chrf-whitespace", HelpText = "Keep whitespace when extracting character n-grams.")]
    public bool ChrfWhitespace { get; set; }

    [Option("chrf-lowercase", HelpText = "Case-insensitive chrF.")]
    public bool ChrfLowercase { get; set; }

    [Option("chrf-eps-smoothing", HelpText = "chrF with epsilon smoothing (as chrF++.py, NLTK and Moses).")]
    public bool ChrfEpsSmoothing { get; set; }

    [Option('w', "width", Default = 1, HelpText = "Decimals of the printed scores.")]
    public int Width { get; set; }

    [Option('f', "format", Default = "json", HelpText = "json or text.")]
    public string Format { get; set; } = "json";

    [Option('b', "score-only", HelpText = "Print only the scores.")]
    public bool ScoreOnly { get; set; }

    [Option("short", HelpText = "Short signatures in text output (also -sh).")]
    public bool ShortSignatures { get; set; }
}

internal static class BleuCommand
{
    /// <summary>sacreBLEU's multi-letter short options, which CommandLineParser cannot declare, as long
    /// options.</summary>
    static readonly Dictionary<string, string> Aliases = new()
    {
        ["-sv"] = "--smooth-value",
        ["-lc"] = "--lowercase",
        ["-sl"] = "--sentence-level",
        ["-tok"] = "--tokenize",
        ["-cc"] = "--chrf-char-order",
        ["-cw"] = "--chrf-word-order",
        ["-sh"] = "--short",
    };

    public static string[] Normalize(string[] args) => args.Select(a => Aliases.GetValueOrDefault(a, a)).ToArray();

    public static int Run(BleuOptionsCli o, TextWriter stdout, TextWriter stderr)
    {
        var metrics = o.Metrics.Select(m => m.ToLowerInvariant()).Distinct().ToList();
        foreach (var m in metrics)
            if (m is not ("bleu" or "chrf"))
                throw AmtsException.Input($"unknown metric '{m}' (choose bleu or chrf)");
        if (o.Format is not ("json" or "text"))
            throw AmtsException.Input($"unknown format '{o.Format}' (choose json or text)");
        if (o.SentenceLevel && metrics.Count > 1)
            throw AmtsException.Input("only one metric can be used in sentence-level mode");
        // sacreBLEU formats with f"{score:.{width}f}": a negative width is a Python ValueError there, an error here.
        if (o.Width < 0)
            throw AmtsException.Input(
                $"-w {o.Width}: the width is the number of decimals printed",
                "give 0 or more, e.g. -w 2"
            );

        var hypotheses = Read(o.Input);
        var refFiles = o.References.ToList();
        var references = refFiles.Select(Read).ToList();
        for (int r = 0; r < references.Count; r++)
            if (references[r].Count != hypotheses.Count)
                throw AmtsException.Input(
                    $"{o.Input} has {hypotheses.Count} lines but {refFiles[r]} has {references[r].Count}: hypotheses "
                        + "and references must be aligned line by line"
                );

        Bleu? bleu = null;
        Chrf? chrf = null;
        try
        {
            if (metrics.Contains("bleu"))
                bleu = new Bleu(
                    new BleuOptions
                    {
                        Tokenize = o.Tokenize,
                        SmoothMethod = o.SmoothMethod,
                        SmoothValue = o.SmoothValue,
                        Lowercase = o.Lowercase,
                        EffectiveOrder = o.EffectiveOrder || o.SentenceLevel,
                    }
                );
            if (metrics.Contains("chrf"))
                chrf = new Chrf(
                    new ChrfOptions
                    {
                        CharOrder = o.ChrfCharOrder,
                        WordOrder = o.ChrfWordOrder,
                        Beta = o.ChrfBeta,
                        Lowercase = o.ChrfLowercase,
                        Whitespace = o.ChrfWhitespace,
                        EpsSmoothing = o.ChrfEpsSmoothing,
                    }
                );
        }
        catch (ArgumentException e) // the metrics' option checks (sacreBLEU's rules live there, not here)
        {
            throw AmtsException.Input(e.Message, inner: e);
        }

        if (o.SentenceLevel)
        {
            for (int i = 0; i < hypotheses.Count; i++)
            {
                var refs = references.Select(r => r[i]).ToList();
                if (bleu != null)
                {
                    var s = bleu.Sentence(hypotheses[i], refs);
                    stdout.WriteLine(
                        o.ScoreOnly ? PyFormat.Fixed(s.Score, o.Width) : s.Format(o.Width, o.ShortSignatures)
                    );
                }
                else
                {
                    var s = chrf!.Sentence(hypotheses[i], refs);
                    stdout.WriteLine(
                        o.ScoreOnly ? PyFormat.Fixed(s.Score, o.Width) : s.Format(o.Width, o.ShortSignatures)
                    );
                }
            }
            return CliApp.Ok;
        }

        var streams = references.Cast<IReadOnlyList<string>>().ToList();
        var results = new List<string>();
        if (bleu != null)
        {
            var s = bleu.Corpus(hypotheses, streams);
            results.Add(
                o.ScoreOnly ? PyFormat.Fixed(s.Score, o.Width)
                : o.Format == "json" ? Json(s.Name, s.Score, o.Width, s.Signature, s.Verbose)
                : s.Format(o.Width, o.ShortSignatures)
            );
        }
        if (chrf != null)
        {
            var s = chrf.Corpus(hypotheses, streams);
            results.Add(
                o.ScoreOnly ? PyFormat.Fixed(s.Score, o.Width)
                : o.Format == "json" ? Json(s.Name, s.Score, o.Width, s.Signature, null)
                : s.Format(o.Width, o.ShortSignatures)
            );
        }
        if (o.Format == "json" && !o.ScoreOnly && results.Count > 1)
            stdout.WriteLine("[\n" + string.Join(",\n", results) + "\n]");
        else
            foreach (var r in results)
                stdout.WriteLine(r);
        return CliApp.Ok;
    }

    static List<string> Read(string path) =>
        File.Exists(path) ? TextLines.Read(path) : throw AmtsException.Input($"{path}: no such file");

    /// <summary>The object sacreBLEU prints with <c>json.dumps(d, indent=1, ensure_ascii=False)</c>: name, score
    /// (rounded to the width, printed as Python's repr), signature, verbose score, then each signature field.</summary>
    static string Json(string name, double score, int width, string signature, string? verbose)
    {
        var fields = new List<(string Key, string Value)>
        {
            ("name", Quote(name)),
            (
                "score",
                PyFormat.Repr(
                    double.Parse(PyFormat.Fixed(score, width), System.Globalization.CultureInfo.InvariantCulture)
                )
            ),
            ("signature", Quote(signature)),
        };
        if (verbose != null)
            fields.Add(("verbose_score", Quote(verbose)));
        foreach (var part in signature.Split('|'))
        {
            var kv = part.Split(':', 2);
            fields.Add((kv[0], Quote(kv[1])));
        }
        return "{\n" + string.Join(",\n", fields.Select(f => $" {Quote(f.Key)}: {f.Value}")) + "\n}";
    }

    static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(
                c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    < ' ' => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                }
            );
        return sb.Append('"').ToString();
    }
}
