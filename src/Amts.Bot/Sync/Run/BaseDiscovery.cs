using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync.Run;

/// <summary>One English revision of a file a translation may have been made from: where it comes from (a commit of
/// the source, or of an extra repository of English revisions such as the releases), its name and its text.</summary>
internal sealed record EnglishRevision(string Name, string Commit, string Blob, long Time, string Text)
{
    /// <summary>The revision is in the history of the range's end (never later than it).</summary>
    public bool InHistory { get; init; }
}

/// <summary>
/// Finds the English a translation follows when it records none: the translation is compared with the file's English
/// at each revision available, and the revision with the strongest agreement is its base, when that agreement is
/// convincing. Agreement is first the verbatim anchors (language-independent: a translation keeps code, math, labels
/// and roles as its English had them, so an English revision that changed them is told apart), then the prose blocks
/// aligned confidently. Revisions that agree equally are not told apart by the file's evidence: the one nearest in time
/// to the release the whole book agrees with most is taken (<see cref="BookRelease"/>; without releases, the oldest, so
/// that English changes are carried and shown rather than assumed done). A translation is said to already follow the
/// range's new English only when that English is the revision chosen by this evidence.
/// </summary>
internal static class BaseDiscovery
{
    /// <summary>The anchors of the chosen revision must agree at least this much (F1). On d2l-pt, files made from a
    /// release agree 0.90–1.00 with it; the same files against releases a year apart 0.6–0.8.</summary>
    public const double MinAnchorShare = 0.85;

    /// <summary>A file with fewer anchors than this (both sides) has too little verbatim text to tell revisions apart
    /// by anchors alone; it also needs <see cref="MinProseShareFewAnchors"/> of its prose aligned.</summary>
    public const int FewAnchors = 8;

    /// <summary>The prose share that must align confidently in every case (a translation missing paragraphs of its
    /// base is not following it); d2l-pt's files align 0.7–1.0 with their releases.</summary>
    public const double MinProseShare = 0.6;

    /// <summary>The prose share needed when the file has few anchors.</summary>
    public const double MinProseShareFewAnchors = 0.85;

    /// <summary>Two revisions whose anchor agreement differs by less than this are equally good evidence (one anchor in
    /// about 200).</summary>
    public const double TieMargin = 0.005;

    /// <summary>Prose shares closer than this are equal evidence too (one block in 50).</summary>
    public const double ProseTieMargin = 0.02;

    /// <summary>The revisions of <paramref name="path"/> in the history of <paramref name="to"/> in the source, and in
    /// every branch and tag of each extra repository, one per distinct blob (the oldest name of a blob), oldest
    /// first.</summary>
    public static IReadOnlyList<EnglishRevision> Revisions(
        GitCli source,
        string to,
        IReadOnlyList<GitCli> extra,
        string path
    )
    {
        var found = new List<(string Name, string Commit, string Blob, long Time, GitCli Git)>();
        var history = new HashSet<string>(StringComparer.Ordinal);
        found.AddRange(Log(source, [to], path).Select(r => (r.Name, r.Commit, r.Blob, r.Time, source)));
        history.UnionWith(found.Select(f => f.Blob));
        foreach (var git in extra)
            found.AddRange(Log(git, ["--all"], path).Select(r => (r.Name, r.Commit, r.Blob, r.Time, git)));
        var result = new List<EnglishRevision>();
        foreach (var g in found.GroupBy(r => r.Blob, StringComparer.Ordinal))
        {
            var first = g.OrderBy(r => r.Time).First();
            var bytes = first.Git.ReadBlobs([first.Blob]);
            string text;
            try
            {
                text = SourceText.Decode(bytes[first.Blob], $"{first.Commit}:{path}");
            }
            catch (MarkdownInputException)
            {
                continue;
            }
            result.Add(
                new EnglishRevision(first.Name, first.Commit, first.Blob, first.Time, LineEndings.ToLf(text))
                {
                    InHistory = history.Contains(first.Blob),
                }
            );
        }
        return result.OrderBy(r => r.Time).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Each revision of <paramref name="path"/> in the history of <paramref name="revs"/>, newest first, with
    /// its author time made monotonic along the log (a commit is never later than the commits after it: a replayed or
    /// rebased history may carry a root commit dated today), and a tag name where the commit has one.</summary>
    static IEnumerable<(string Name, string Commit, string Blob, long Time)> Log(GitCli git, string[] revs, string path)
    {
        string commit = "",
            name = "";
        long time = 0,
            newer = long.MaxValue;
        var output = git.Run([
            "log",
            .. revs,
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--format=commit %H %at %D",
            "--",
            path,
        ]);
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("commit ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 3);
                commit = parts[0];
                time = parts.Length > 1 && long.TryParse(parts[1], out var t) ? t : 0;
                // One second earlier than the newer commit, so that the order of the history is kept.
                if (revs[0] != "--all")
                    newer = time = Math.Min(time, newer - 1);
                var tag =
                    parts.Length > 2
                        ? parts[2].Split(", ").FirstOrDefault(d => d.StartsWith("tag: ", StringComparison.Ordinal))
                        : null;
                name = tag != null ? tag[5..] : commit[..10];
            }
            else if (line.StartsWith(':'))
            {
                var fields = line.Split(' ', '\t');
                if (fields.Length > 4 && fields[4] != "D" && !fields[3].All(c => c == '0'))
                    yield return (name, commit, fields[3], time);
            }
        }
    }

    /// <summary>The revision the translation follows, with its evidence, or the best one found (not convincing) and
    /// null as the base.</summary>
    public static (EnglishRevision? Base, DiscoveredBase? Evidence) Discover(
        IReadOnlyList<EnglishRevision> revisions,
        string translation,
        string targetPath,
        string language,
        long? bookTime = null
    )
    {
        if (revisions.Count == 0)
            return (null, null);
        // Roles machine translation broke apart are anchors the translation kept too.
        var targetDoc = MarkdownDocument.Parse(BrokenRoles.Rejoin(translation), targetPath);
        var targetAnchors = Anchors(targetDoc);
        var targetLines = Lines(translation);
        var scored = revisions
            .Select(r =>
            {
                var doc = MarkdownDocument.Parse(r.Text, targetPath);
                var english = Anchors(doc);
                int agree = english.Sum(e => Math.Min(e.Value, targetAnchors.GetValueOrDefault(e.Key)));
                int en = english.Values.Sum(),
                    tr = targetAnchors.Values.Sum();
                double share = en + tr == 0 ? 0 : 2.0 * agree / (en + tr);
                return (
                    Revision: r,
                    Doc: doc,
                    Agree: agree,
                    English: en,
                    Share: share,
                    Verbatim: Lines(r.Text).Count(targetLines.Contains)
                );
            })
            .ToList();
        double best = scored.Max(s => s.Share);
        // Then the lines found verbatim in the translation (a translation that copies English, or its code lines).
        var byAnchors = scored.Where(s => s.Share >= best - TieMargin).ToList();
        int verbatim = byAnchors.Max(s => s.Verbatim);
        var tied = byAnchors.Where(s => s.Verbatim == verbatim).ToList();
        var withProse = tied.Select(s =>
                (s.Revision, s.Agree, s.English, s.Share, Prose: ProseShare(s.Doc, targetDoc, language))
            )
            .ToList();
        double bestProse = withProse.Max(s => s.Prose);
        var equal = withProse.Where(s => s.Prose >= bestProse - ProseTieMargin).ToList();
        // Equal evidence: the revision nearest the English the book as a whole agrees with most, else the oldest.
        var chosen = bookTime is { } near ? equal.MinBy(s => Math.Abs(s.Revision.Time - near)) : equal[0];
        var evidence = new DiscoveredBase(
            chosen.Revision.Name,
            chosen.Revision.Blob,
            chosen.Agree,
            chosen.English,
            targetAnchors.Values.Sum(),
            chosen.Prose,
            revisions.Count,
            equal.Count
        );
        bool few = chosen.English + evidence.AnchorsTranslation < FewAnchors;
        bool convincing =
            chosen.Prose >= (few ? MinProseShareFewAnchors : MinProseShare) && (few || chosen.Share >= MinAnchorShare);
        return (convincing ? chosen.Revision : null, evidence);
    }

    /// <summary>The time of the tagged English revision (of the extra repositories) whose files share the most lines,
    /// verbatim, with the translation's files of the same path (code, math, labels: what a translation keeps), or null
    /// when there is no tagged revision. Lines, not parsed anchors, so the whole book is read in about a
    /// second.</summary>
    public static long? BookRelease(IReadOnlyList<GitCli> extra, IReadOnlyDictionary<string, string> translation)
    {
        var lines = translation.ToDictionary(t => t.Key, t => Lines(t.Value), StringComparer.Ordinal);
        long? best = null;
        long bestAgree = -1;
        foreach (var git in extra)
        {
            var shared = new Dictionary<(string Blob, string Path), int>();
            foreach (
                var line in git.Run("log", "--all", "--format=%H %ct %D")
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            )
            {
                var parts = line.Split(' ', 3);
                if (parts.Length < 3 || !parts[2].Contains("tag: ", StringComparison.Ordinal))
                    continue;
                var entries = git.TreeBlobs(parts[0])
                    .Where(e => lines.ContainsKey(e.Path))
                    .Select(e => (Blob: e.Id, e.Path))
                    .ToList();
                var missing = entries.Where(e => !shared.ContainsKey(e)).Select(e => e.Blob).Distinct().ToList();
                var blobs = missing.Count == 0 ? [] : git.ReadBlobs(missing);
                long agree = 0;
                foreach (var e in entries)
                {
                    if (!shared.TryGetValue(e, out var n))
                        shared[e] = n = Lines(System.Text.Encoding.UTF8.GetString(blobs[e.Blob]))
                            .Count(lines[e.Path].Contains);
                    agree += n;
                }
                if (agree > bestAgree && long.TryParse(parts[1], out var time))
                    (bestAgree, best) = (agree, time);
            }
        }
        return best;
    }

    /// <summary>The distinct lines of a text, trimmed, of at least <see cref="MinVerbatimLine"/> characters.</summary>
    static HashSet<string> Lines(string text) =>
        text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length >= MinVerbatimLine)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Lines shorter than this ("```", "#@tab all", ":end_tab:") are shared by every revision and say
    /// nothing.</summary>
    public const int MinVerbatimLine = 12;

    /// <summary>What a translation keeps verbatim, with counts: code lines (comments and docstrings aside), display
    /// math, labels, figure paths, toc entries, and the math, roles, inline code and URLs of prose.</summary>
    internal static Dictionary<string, int> Anchors(MarkdownDocument doc)
    {
        var anchors = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string key) => anchors[key] = anchors.GetValueOrDefault(key) + 1;
        for (int i = 0; i < doc.Blocks.Count; i++)
        {
            var block = doc.Blocks[i];
            if (block.Label != null)
                Add("label:" + block.Label);
            var f = BlockFeatures.Of(block, i);
            switch (f.Kind)
            {
                case AlignKind.Code:
                    foreach (var line in f.CodeLines!)
                        Add("code:" + line);
                    break;
                case AlignKind.Math or AlignKind.Figure:
                    Add(f.Kind + ":" + f.Key);
                    break;
                case AlignKind.Toc:
                    foreach (
                        var line in block
                            .Text.Split('\n')
                            .Skip(1)
                            .Select(l => l.Trim())
                            .Where(l => l.Length > 0 && !l.StartsWith("```"))
                    )
                        Add("toc:" + line);
                    break;
                default:
                    // Numbers are left out: a translation writes them its own way (decimal commas).
                    foreach (
                        var (key, n) in f.Anchors.Where(a => !a.Key.StartsWith('#') && a.Key != "url:discuss.d2l.ai")
                    )
                        for (int k = 0; k < n; k++)
                            Add(key);
                    break;
            }
        }
        return anchors;
    }

    /// <summary>The share of the English prose blocks the aligner pairs with the translation at its confident
    /// level.</summary>
    static double ProseShare(MarkdownDocument english, MarkdownDocument target, string language)
    {
        int e = english.Text.Count(c => !char.IsWhiteSpace(c)),
            t = target.Text.Count(c => !char.IsWhiteSpace(c));
        var length = e > 0 && t > 0 ? new LengthModel((double)t / e, 0.6, 2.0) : LengthModel.Neutral;
        var alignment = BookAligner.AlignFile(
            new FilePair(english.Path, target.Path, false, "discovery"),
            english,
            target,
            length,
            "en",
            language
        );
        int prose = english.Blocks.Count(b => b.IsProse);
        if (prose == 0)
            return 1;
        int located = alignment
            .Blocks.Where(p => p.Target.Count > 0 && p.Confidence >= BookAligner.LowConfidence)
            .Sum(p => p.Source.Count(s => english.Blocks[s].IsProse));
        return (double)located / prose;
    }
}
