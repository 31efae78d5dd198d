using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Languages;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync.Run;

/// <summary>What <c>amts sync</c> is asked to do, checked before anything is locked or written (issue 20, item 4):
/// a language the book is not written in, source and target the same repository, a commit onto the target's
/// default branch, a range that moves the recorded English commit backwards. Each refusal says what to do.</summary>
internal static class SyncPreconditions
{
    /// <summary>A book whose prose has fewer CJK letters than this share of its letters is a Latin-script book. On the
    /// corpus: d2l-pt 0 of 1.38 M, d2l-zh 65 % (297,591 Han to 161,253 ASCII letters), d2l-ja 72 %.</summary>
    public const double MinCjkShare = 0.05;

    /// <summary>A CJK book with at least this share of kana among its Han and kana is Japanese. d2l-ja: 71 % kana
    /// (379,187 of 533,234); d2l-zh: none at all.</summary>
    public const double MinKanaShare = 0.1;

    /// <summary>A Latin-script book is taken for another language only when that language's function words are this
    /// many times the given language's (pt and es share many: "de", "que", "para"), and at least
    /// <see cref="MinFunctionWords"/> of them were seen.</summary>
    public const int OtherLanguageFactor = 3;

    /// <summary>Fewer function words than this say nothing about a book's language (a new, mostly English
    /// translation).</summary>
    public const int MinFunctionWords = 200;

    /// <summary>The branch names taken for a default branch when the clone has no <c>origin/HEAD</c>.</summary>
    static readonly string[] UsualDefaultBranches = ["master", "main"];

    const string LatinScript = "latin";

    /// <summary>The language code has a profile, and the target's prose is written in it.</summary>
    public static void BookLanguage(string target, string language)
    {
        var profile = LanguageProfile.Require(language, "--lang");
        // What the book's own config.ini declares is the first word (its error names the line); then its prose.
        if (D2lBookConfig.Read(target) is { Lang: not null } declared)
        {
            declared.Check(language, null);
            return;
        }
        if (Detect(target) is not { } seen || seen.Code == profile.Code)
            return;
        if (seen.Code == LatinScript && profile.ScriptLetter == null)
            return; // a Latin-script book, no clear other
        if (
            seen.Code != LatinScript
            && LanguageProfile.Find(seen.Code)!.ScriptLetter == null
            && profile.ScriptLetter == null
            && seen.Words < OtherLanguageFactor * seen.Counts.GetValueOrDefault(profile.Code)
        )
            return;
        var name = seen.Code == LatinScript ? "a Latin-script language" : LanguageProfile.Find(seen.Code)!.Name;
        throw new SyncException(
            $"--lang {language}: the book in --target {target} is written in {name}, not {profile.Name}",
            $"pass {(seen.Code == LatinScript ? "the translation's language code" : "--lang " + seen.Code)}, "
                + "or the right --target"
        );
    }

    /// <summary>The language of a book's prose (its translated Markdown files, not the <c>_origin.md</c> records,
    /// without code and math), or null when it has none: its code (or <see cref="LatinScript"/>), the function words
    /// of that language, and every profile's function-word count.</summary>
    static (string Code, int Words, Dictionary<string, int> Counts)? Detect(string target)
    {
        long han = 0,
            kana = 0,
            hangul = 0,
            latin = 0;
        var counts = LanguageProfile.All.Where(p => p.Stopwords.Count > 0).ToDictionary(p => p.Code, _ => 0);
        var gitDir = Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(target, "*.md", SearchOption.AllDirectories))
        {
            if (Book.IsOriginFile(file) || file.Contains(gitDir, StringComparison.Ordinal))
                continue;
            var prose = ProtectedSpans.ProseOnly(File.ReadAllText(file));
            foreach (var c in prose)
            {
                if (c is >= '\u3040' and <= '\u30FF')
                    kana++;
                else if (LanguageProfile.IsHangul(c))
                    hangul++;
                else if (LanguageProfile.IsSpacelessScript(c) && char.IsLetter(c))
                    han++;
                else if (char.IsLetter(c))
                    latin++;
            }
            foreach (var raw in prose.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var word = raw.Trim('.', ',', ';', ':', '(', ')', '"', '\'').ToLowerInvariant();
                foreach (var p in LanguageProfile.All)
                    if (p.Stopwords.Contains(word))
                        counts[p.Code]++;
            }
        }
        long cjk = han + kana + hangul;
        if (cjk + latin == 0)
            return null;
        if ((double)cjk / (cjk + latin) >= MinCjkShare)
            return (
                hangul > han + kana ? "ko"
                : (double)kana / Math.Max(1, han + kana) >= MinKanaShare ? "ja"
                : "zh",
                0,
                counts
            );
        var best = counts.Where(w => w.Key != LanguageProfile.English.Code).OrderByDescending(w => w.Value).First();
        // Mostly English prose (a translation just begun, or English kept in place): nothing to say about its language.
        if (counts[LanguageProfile.English.Code] >= best.Value)
            return null;
        return best.Value >= MinFunctionWords ? (best.Key, best.Value, counts) : (LatinScript, 0, counts);
    }

    /// <summary>Source and target must be two repositories: a sync into the English book itself would commit a state
    /// file and translations into it.</summary>
    public static void DistinctRepositories(string source, string target)
    {
        static string Root(string path)
        {
            var git = new GitCli(path);
            var dir =
                git.TryRun(out var d, "rev-parse", "--path-format=absolute", "--git-common-dir") == 0
                    ? d.Trim()
                    : Path.GetFullPath(path);
            return Path.TrimEndingDirectorySeparator(
                new DirectoryInfo(dir).ResolveLinkTarget(true)?.FullName ?? Path.GetFullPath(dir)
            );
        }
        if (string.Equals(Root(source), Root(target), StringComparison.Ordinal))
            throw new SyncException(
                $"--source {source} and --target {target} are the same repository",
                "--target is the translation's clone (e.g. d2l-zh), --source the English book's (d2l-en)"
            );
    }

    /// <summary>With --commit, the branch committed onto must not be the target's default branch (that is what the sync
    /// pull request is for) unless asked for explicitly.</summary>
    public static void NotDefaultBranch(string target, string branch, bool allow)
    {
        if (allow)
            return;
        var git = new GitCli(target);
        var defaults =
            git.TryRun(out var head, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD") == 0
                ? [head.Trim()[(head.Trim().IndexOf('/') + 1)..]]
                : UsualDefaultBranches;
        if (!defaults.Contains(branch, StringComparer.Ordinal))
            return;
        throw new SyncException(
            $"--branch {branch} is the default branch of --target {target}: --commit would commit the sync onto it",
            "leave --branch out (amts/sync-LANG, then open a pull request), or pass --allow-default-branch "
                + "if that is really meant"
        );
    }

    /// <summary>With --commit, the range must not move the recorded English commit backwards (or off its history)
    /// unless <paramref name="force"/>.</summary>
    public static void NotBackwards(string source, string target, string to, bool force)
    {
        if (force || SyncState.Read(target)?.SourceCommit is not { } recorded)
            return;
        var git = new GitCli(source);
        if (git.TryRun(out var toSha, "rev-parse", "--verify", "-q", to + "^{commit}") != 0)
            return; // reported later, with its cause
        if (git.TryRun(out var recSha, "rev-parse", "--verify", "-q", recorded + "^{commit}") != 0)
            return;
        toSha = toSha.Trim();
        recSha = recSha.Trim();
        if (recSha == toSha || git.TryRun(out _, "merge-base", "--is-ancestor", recSha, toSha) == 0)
            return;
        var older = git.TryRun(out _, "merge-base", "--is-ancestor", toSha, recSha) == 0;
        throw new SyncException(
            $"--to {to} ({toSha[..Math.Min(10, toSha.Length)]}) is {(older ? "older than" : "not after")} "
                + $"the English commit {recSha[..Math.Min(10, recSha.Length)]} recorded in the target's "
                + $"{SyncState.RelativePath}: --commit would move the record backwards",
            "pass a later --to, or --force-range to record this range anyway"
        );
    }

    /// <summary>A revision of the English repository as a commit id, or a refusal that names the real cause: the
    /// source is no repository, git refuses it (another user's folder), the clone is shallow, or the commit the
    /// target's state records is gone from its history (issue 20, item 5).</summary>
    public static string ResolveCommit(GitCli git, string rev, string what, bool fromState = false)
    {
        if (git.TryRun(out var sha, "rev-parse", "--verify", "--quiet", rev + "^{commit}") == 0)
            return sha.Trim();
        var (code, _, stderr) = git.Execute(["rev-parse", "--git-dir"], null);
        if (code != 0)
        {
            if (stderr.Contains("dubious ownership", StringComparison.Ordinal))
                throw new SyncException(
                    $"--source {git.WorkTree} belongs to another user, so git refuses to read it",
                    $"run as its owner, or trust it: git config --global --add safe.directory {git.WorkTree}"
                );
            throw new SyncException(
                $"--source {git.WorkTree} is not a git repository ({stderr.Trim().Split('\n')[0]})",
                "pass the folder of a clone of the English book (d2l-en)"
            );
        }
        bool shallow = git.TryRun(out var s, "rev-parse", "--is-shallow-repository") == 0 && s.Trim() == "true";
        var subject = fromState
            ? $"the English commit {rev} recorded in the target's {SyncState.RelativePath}"
            : $"{what} {rev}";
        if (shallow)
            throw new SyncException(
                $"{subject}: not in {git.WorkTree}, a shallow clone that lacks the older history",
                $"fetch the whole history: git -C {git.WorkTree} fetch --unshallow"
            );
        if (fromState)
            throw new SyncException(
                $"{subject} is not in {git.WorkTree}: its history was rewritten, or the clone is behind",
                $"fetch it (git -C {git.WorkTree} fetch origin), "
                    + "or pass --from with the English commit the translation follows"
            );
        throw new SyncException(
            $"{what} {rev}: no such commit in {git.WorkTree}",
            "give a commit, branch or tag of the English repository"
        );
    }
}
