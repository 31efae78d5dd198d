using System.Text;
using System.Xml;
using Amts.Bot.Languages;
using Amts.Bot.Markdown;

namespace Amts.Bot.Alignment;

internal enum PairLevel
{
    Sentence,
    Paragraph,
}

internal sealed record ParallelPair(string Source, string Target, string File, PairLevel Level);

/// <summary>Pairs fit for Amazon Translate's parallel data, and the count of pairs turned away, by reason.</summary>
internal sealed record ParallelCorpus(
    string SourceLanguage,
    string TargetLanguage,
    PairLevel Level,
    IReadOnlyList<ParallelPair> Pairs,
    IReadOnlyDictionary<string, int> Rejected
)
{
    /// <summary>The pairs dropped as noise (not in the target language, copies, untranslated files), with the reason,
    /// for auditing (extract writes them to <c>noise-*.tsv</c>).</summary>
    public IReadOnlyList<(ParallelPair Pair, string Reason)> Noise { get; init; } = [];
}

/// <summary>
/// Turns a book alignment into parallel data. Only prose is paired (code cells, figures, tables and math blocks
/// never are), only from confident alignments, and only pairs that Amazon Translate accepts and that teach the
/// right thing: no field over 1000 bytes, none on several lines, none starting with + - = @ (spreadsheet formula
/// characters the service refuses), the same inline math and roles on both sides, no duplicates (the first
/// translation of a repeated source sentence wins).
/// </summary>
/// <summary>What to mine: <see cref="IncludeNonBookContent"/> keeps READMEs, style guides and contrib/ drafts;
/// <see cref="Exclude"/> leaves file pairs out entirely (the articles an evaluation measures).</summary>
internal sealed record MiningOptions
{
    public bool IncludeNonBookContent { get; init; }
    public Func<FilePair, bool>? Exclude { get; init; }
}

internal static class ParallelData
{
    public const int MaxFieldBytes = 1000;

    /// <summary>One pair in ten (by a stable hash of its English) is held out of the parallel data, so that the
    /// quality figures a pull request carries are measured on sentences the engine never learned from.</summary>
    public static bool IsHeldOut(string source) =>
        System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(source))[0] % 10 == 0;

    public const double MinSentenceConfidence = 0.3;

    /// <summary>Why a pair is noise: its target is still English, or it comes from a file that is not the
    /// book.</summary>
    public const string NotInTargetLanguage = "target not in the target language";
    public const string SameAsSource = "target same as source";
    public const string UntranslatedFile = "untranslated file";
    public const string NotBookContent = "not book content";

    /// <summary>A file whose pairs are mostly (this share or more) not in the target language is untranslated: all its
    /// pairs go, since the few that pass identification by chance (names, formulas) are copies too.</summary>
    public const double UntranslatedFileShare = 0.5;

    /// <summary>Book content is what d2lbook builds: the chapters and the root index. Not: README, STYLE_GUIDE,
    /// CONTRIBUTING, INFO, CODE_OF_CONDUCT, TERMINOLOGY (top-level files), hidden folders (.github), and
    /// <c>contrib/</c> (drafts outside the table of contents, often untranslated).</summary>
    public static bool IsBookContent(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        if (parts.Any(p => p.StartsWith('.')))
            return false;
        if (parts[0] == "contrib")
            return false;
        return parts.Length > 1 || parts[0] == "index.md";
    }

    /// <summary>Why a candidate pair is noise for this target language, or null.</summary>
    public static string? Noise(string source, string target, LanguageProfile targetProfile)
    {
        if (LanguageIdentity.Identify(ProtectedSpans.ProseOnly(target), targetProfile) == LanguageVerdict.NotInLanguage)
            return NotInTargetLanguage;
        if (source == target && targetProfile.Code != "en" && source.Any(char.IsLetter))
            return SameAsSource;
        return null;
    }

    public static ParallelCorpus Mine(
        BookAlignment book,
        PairLevel level,
        string sourceLanguage,
        string targetLanguage,
        MiningOptions? options = null
    )
    {
        options ??= new MiningOptions();
        var profile = LanguageProfile.For(targetLanguage);
        var rejected = new Dictionary<string, int>();
        void Reject(string reason) => rejected[reason] = rejected.GetValueOrDefault(reason) + 1;
        var noisy = new List<(ParallelPair, string)>();
        void Drop(ParallelPair pair, string reason)
        {
            Reject(reason);
            noisy.Add((pair, reason));
        }
        var candidates = new List<ParallelPair>();
        foreach (var file in book.Files)
        {
            if (options.Exclude?.Invoke(file.Files) == true)
                continue;
            var fileCandidates = new List<ParallelPair>();
            if (level == PairLevel.Sentence)
            {
                foreach (var aligned in file.Sentences)
                foreach (var s in aligned.Sentences)
                {
                    if (s.Source.Count == 0 || s.Target.Count == 0)
                    {
                        Reject("unpaired sentence");
                        continue;
                    }
                    if (s.Confidence < MinSentenceConfidence)
                    {
                        Reject("low confidence");
                        continue;
                    }
                    fileCandidates.Add(new ParallelPair(s.SourceText, s.TargetText, file.Files.TargetPath, level));
                }
            }
            else
            {
                foreach (var p in file.Blocks)
                {
                    if (p.Source.Count == 0 || p.Target.Count == 0)
                        continue;
                    var sb = p.Source.Select(i => file.Source.Blocks[i]).ToList();
                    if (
                        !sb.All(b =>
                            b.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote or BlockKind.Heading
                        )
                    )
                        continue;
                    if (p.Confidence < BookAligner.LowConfidence)
                    {
                        Reject("low confidence");
                        continue;
                    }
                    fileCandidates.Add(
                        new ParallelPair(
                            Flatten(sb, sourceLanguage),
                            Flatten(p.Target.Select(i => file.Target.Blocks[i]), targetLanguage),
                            file.Files.TargetPath,
                            level
                        )
                    );
                }
            }
            if (!options.IncludeNonBookContent && !IsBookContent(file.Files.TargetPath))
            {
                foreach (var c in fileCandidates)
                    Drop(c, NotBookContent);
                continue;
            }
            // Amazon Translate's format rules first (a bare "[Discussions](…)" link is "nothing to translate", not
            // English).
            var formal = fileCandidates.Select(c => Check(c.Source, c.Target)).ToList();
            var noise = fileCandidates
                .Select((c, k) => formal[k] == null ? Noise(c.Source, c.Target, profile) : null)
                .ToList();
            if (
                fileCandidates.Count > 0
                && noise.Count(n => n == NotInTargetLanguage) >= UntranslatedFileShare * fileCandidates.Count
            )
            {
                foreach (var c in fileCandidates)
                    Drop(c, UntranslatedFile);
                continue;
            }
            for (int k = 0; k < fileCandidates.Count; k++)
                if (formal[k] is { } problem)
                    Reject(problem);
                else if (noise[k] is { } reason)
                    Drop(fileCandidates[k], reason);
                else
                    candidates.Add(fileCandidates[k]);
        }
        var pairs = new List<ParallelPair>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (IsHeldOut(c.Source))
            {
                Reject(HeldOutReason);
                continue;
            }
            if (seen.TryGetValue(c.Source, out var earlier))
            {
                Reject(earlier == c.Target ? "duplicate" : "conflicting duplicate");
                continue;
            }
            seen[c.Source] = c.Target;
            pairs.Add(c);
        }
        return new ParallelCorpus(sourceLanguage, targetLanguage, level, pairs, rejected) { Noise = noisy };
    }

    public const string HeldOutReason = "held out for evaluation";

    /// <summary>The held-out sentence pairs of one file: exactly those <see cref="Mine"/> turns away as "held out for
    /// evaluation" (paired, confident, clean, in the target language, fit for Amazon Translate), in file order.
    /// The quality figures are measured on these.</summary>
    public static IReadOnlyList<SentencePair> HeldOutSentences(FileAlignment file, string targetLanguage)
    {
        var profile = LanguageProfile.For(targetLanguage);
        var pairs = file
            .Sentences.SelectMany(a => a.Sentences)
            .Where(s => s.Source.Count > 0 && s.Target.Count > 0 && s.Confidence >= MinSentenceConfidence)
            .ToList();
        var formal = pairs.Select(p => Check(p.SourceText, p.TargetText)).ToList();
        var noise = pairs
            .Select((p, k) => formal[k] == null ? Noise(p.SourceText, p.TargetText, profile) : null)
            .ToList();
        if (pairs.Count > 0 && noise.Count(n => n == NotInTargetLanguage) >= UntranslatedFileShare * pairs.Count)
            return [];
        return pairs.Where((p, k) => formal[k] == null && noise[k] == null && IsHeldOut(p.SourceText)).ToList();
    }

    static string Flatten(IEnumerable<Block> blocks, string language) =>
        string.Join(
            Languages.LanguageProfile.For(language).SentenceJoiner,
            blocks.Select(b =>
                SentenceAligner.Flatten(string.Join("\n", ProseSegments.Of(b).Select(s => s.Of(b.Text))))
            )
        );

    /// <summary>Why a pair cannot be parallel data, or null.</summary>
    public static string? Check(string source, string target)
    {
        if (string.IsNullOrWhiteSpace(source) || string.IsNullOrWhiteSpace(target))
            return "empty";
        if (source.AsSpan().IndexOfAny('\n', '\r') >= 0 || target.AsSpan().IndexOfAny('\n', '\r') >= 0)
            return "spans lines";
        if (Encoding.UTF8.GetByteCount(source) > MaxFieldBytes || Encoding.UTF8.GetByteCount(target) > MaxFieldBytes)
            return "over 1000 bytes";
        if (source[0] is '+' or '-' or '=' or '@' || target[0] is '+' or '-' or '=' or '@')
            return "leading + - = @";
        if (source.Contains('\t') || target.Contains('\t'))
            return "contains a tab";
        if (HasInvalidXml(source) || HasInvalidXml(target))
            return "control character";
        var ss = ProtectedSpans.Find(source);
        var ts = ProtectedSpans.Find(target);
        if (!HasWords(source, ss) || !HasWords(target, ts) || IsSameBareLink(source, ss, target, ts))
            return "nothing to translate";
        var sm = MathAndRoles(source, ss);
        var tm = MathAndRoles(target, ts);
        if (sm.Count > 0 && tm.Count > 0 && !sm.SetEquals(tm))
            return "math or roles differ";
        return null;
    }

    /// <summary>Letters outside protected spans: a pair of bare links or formulas teaches a translator
    /// nothing.</summary>
    static bool HasWords(string text, IReadOnlyList<ProtectedSpan> spans)
    {
        int pos = 0;
        foreach (var span in spans.Append(new ProtectedSpan(ProtectedKind.Code, text.Length, 0)))
        {
            for (int i = pos; i < span.Start; i++)
                if (char.IsLetter(text[i]))
                    return true;
            pos = span.End;
        }
        return false;
    }

    /// <summary>Both sides are one link with the same text (e.g. d2l's "[Discussions](…)" footers).</summary>
    static bool IsSameBareLink(
        string source,
        IReadOnlyList<ProtectedSpan> sourceSpans,
        string target,
        IReadOnlyList<ProtectedSpan> targetSpans
    )
    {
        static string? Label(string text, IReadOnlyList<ProtectedSpan> spans)
        {
            if (
                spans.Count != 2
                || spans[0].Kind != ProtectedKind.LinkOpen
                || spans[0].Start != 0
                || spans[1].Kind != ProtectedKind.LinkTarget
                || spans[1].End != text.Length
            )
                return null;
            return text[spans[0].End..spans[1].Start];
        }
        var label = Label(source, sourceSpans);
        return label != null && label == Label(target, targetSpans);
    }

    static HashSet<string> MathAndRoles(string text, IReadOnlyList<ProtectedSpan> spans) =>
        spans
            .Where(s => s.Kind is ProtectedKind.Math or ProtectedKind.Role)
            .Select(s =>
                s.Kind == ProtectedKind.Math ? "$" + BlockFeatures.NormalizeMath(s.Text(text).Trim('$')) : s.Text(text)
            )
            .ToHashSet();

    static bool HasInvalidXml(string s)
    {
        foreach (var c in s)
            if (c < 0x20 && c != '\t')
                return true;
        return false;
    }

    /// <summary>CSV: a header row of the language codes, then one pair per line; a field with a comma, a quote or
    /// surrounding spaces is quoted, its quotes doubled.</summary>
    public static string ToCsv(ParallelCorpus corpus)
    {
        var sb = new StringBuilder();
        sb.Append(corpus.SourceLanguage).Append(',').Append(corpus.TargetLanguage).Append('\n');
        foreach (var p in corpus.Pairs)
            sb.Append(CsvField(p.Source)).Append(',').Append(CsvField(p.Target)).Append('\n');
        return sb.ToString();
    }

    public static string CsvField(string s) =>
        s.IndexOfAny([',', '"']) >= 0 || s != s.Trim() ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>TSV as Amazon Translate documents it ("Parallel data input files"): a quote inside a field is doubled;
    /// a field holding a tab or a quote is enclosed in quotes.</summary>
    public static string ToTsv(ParallelCorpus corpus)
    {
        var sb = new StringBuilder();
        sb.Append(corpus.SourceLanguage).Append('\t').Append(corpus.TargetLanguage).Append('\n');
        foreach (var p in corpus.Pairs)
            sb.Append(TsvField(p.Source)).Append('\t').Append(TsvField(p.Target)).Append('\n');
        return sb.ToString();
    }

    public static string TsvField(string s) =>
        s.IndexOfAny(['\t', '"']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>TMX 1.4b: a header naming the source language, one translation unit per pair.</summary>
    public static string ToTmx(ParallelCorpus corpus)
    {
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings
        {
            Indent = true,
            Encoding = new UTF8Encoding(false),
            OmitXmlDeclaration = true,
        };
        using (var w = XmlWriter.Create(sb, settings))
        {
            w.WriteStartElement("tmx");
            w.WriteAttributeString("version", "1.4");
            w.WriteStartElement("header");
            w.WriteAttributeString("creationtool", "amts");
            w.WriteAttributeString("creationtoolversion", "1");
            w.WriteAttributeString("datatype", "plaintext");
            w.WriteAttributeString("segtype", corpus.Level == PairLevel.Sentence ? "sentence" : "paragraph");
            w.WriteAttributeString("adminlang", "en");
            w.WriteAttributeString("srclang", corpus.SourceLanguage);
            w.WriteAttributeString("o-tmf", "amts");
            w.WriteEndElement();
            w.WriteStartElement("body");
            foreach (var p in corpus.Pairs)
            {
                w.WriteStartElement("tu");
                foreach (
                    var (lang, text) in new[] { (corpus.SourceLanguage, p.Source), (corpus.TargetLanguage, p.Target) }
                )
                {
                    w.WriteStartElement("tuv");
                    w.WriteAttributeString("xml", "lang", null, lang);
                    w.WriteElementString("seg", text);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb + "\n";
    }
}
