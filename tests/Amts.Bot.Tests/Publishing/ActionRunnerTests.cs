using System.Text.RegularExpressions;
using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

/// <summary>The action's flow end to end, over HTTP with the token, against the GitHub stand-in and the real
/// books.</summary>
[Trait("Category", "Integration")]
public class ActionRunnerTests : IDisposable
{
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    string Commit(int i) => h.Commit(i);

    [Fact]
    public void First_push_creates_second_updates_one_cumulative_pr_reruns_and_old_events_do_nothing()
    {
        // Push 1: "General typo fixes" and its neighbours.
        var first = Assert.Single(h.Push(Commit(21), Commit(23)));
        Assert.True(first.Operation == ActionOperation.Created, first.Message + "\n" + h.Host);
        var pull = Assert.Single(h.GitHub.Pulls);
        Assert.Equal($"[zh] Sync with d2l-en {Commit(21)[..7]}..{Commit(23)[..7]}", pull.Title);
        Assert.Equal(("amts/sync-zh", "master"), (pull.Head, pull.Base));
        Assert.Equal(["translation"], pull.Labels);
        Assert.Equal(["astonzhang"], pull.Reviewers);
        Assert.Contains("| file | status | changes | needs review | engine characters | cost |", pull.Body);
        var filesOfFirst = Regex
            .Matches(pull.Body, @"^\| `([^`]+)` \|", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.NotEmpty(filesOfFirst);
        var comment = Assert.Single(h.GitHub.Comments);
        Assert.StartsWith(QualityComment.Marker, comment.Body);
        Assert.Contains("BLEU", comment.Body);
        Assert.True(File.Exists(Path.Combine(first.ReportDirectory!, "report.json")));
        Assert.StartsWith("# [zh] Sync with d2l-en", File.ReadAllText(Path.Combine(first.ReportDirectory!, "pr.md")));
        var branchAfterFirst = h.RemoteSha("amts/sync-zh");
        // The review items are also one review with comments on their lines, on the sync commit.
        var review = Assert.Single(h.GitHub.Reviews);
        Assert.Equal(branchAfterFirst, review.CommitId);
        Assert.NotEmpty(review.Comments);
        Assert.All(review.Comments, c => Assert.True(c.Line > 0 && c.Path.EndsWith(".md", StringComparison.Ordinal)));
        Assert.Contains(review.Comments, c => c.Body.Contains("English after: ", StringComparison.Ordinal));
        Assert.Equal(h.RemoteSha("master"), h.RemoteSha("amts/sync-zh~1"));

        // Push 2: the next commits; the branch is carried, the same PR is updated, and its body still describes push 1.
        var second = Assert.Single(h.Push(Commit(23), Commit(30)));
        Assert.True(second.Operation == ActionOperation.Updated, second.Message + "\n" + h.Host);
        Assert.Single(h.GitHub.Pulls);
        Assert.Equal(first.PullNumber, second.PullNumber);
        Assert.Equal($"[zh] Sync with d2l-en {Commit(21)[..7]}..{Commit(30)[..7]}", h.GitHub.Pulls[0].Title);
        Assert.All(filesOfFirst, f => Assert.Contains($"| `{f}` |", h.GitHub.Pulls[0].Body));
        Assert.Contains("2 sync commit(s) on this branch", h.GitHub.Pulls[0].Body);
        Assert.Equal(comment.Id, Assert.Single(h.GitHub.Comments).Id);
        Assert.Equal(branchAfterFirst, h.RemoteSha("amts/sync-zh~1")); // the first sync is kept beneath

        // A re-run of the same push, an empty push, and a re-run of the OLD first run change nothing (never backwards).
        var head = h.RemoteSha("amts/sync-zh");
        Assert.Equal(ActionOperation.None, Assert.Single(h.Push(Commit(23), Commit(30))).Operation);
        Assert.Equal(ActionOperation.None, Assert.Single(h.Push(Commit(30), Commit(30))).Operation);
        var old = Assert.Single(h.Push(Commit(21), Commit(23)));
        Assert.Equal(ActionOperation.None, old.Operation);
        Assert.Contains("newer than this event's", old.Message);
        Assert.Contains("never backwards", h.Host.ToString());
        Assert.Equal(head, h.RemoteSha("amts/sync-zh"));
        Assert.Single(h.GitHub.Pulls);
        Assert.Single(h.GitHub.Comments);
        Assert.Equal(2, h.GitHub.Reviews.Count); // one per sync commit, none for the re-runs
        Assert.DoesNotContain(FakeGitHub.Token, h.Host.ToString());
        // every git call went over HTTP with the token
        Assert.True(h.Git.Requests.Count > 0 && h.Git.Unauthorized == 0);
    }

    [Fact]
    public void The_quality_comment_puts_the_systems_side_by_side_on_held_out_sentences()
    {
        var zhText = h.Remote.Run("show", "master:chapter_introduction/index.md");
        var origin = h.Remote.Run("show", "master:chapter_introduction/index_origin.md");
        var aligned = Amts.Bot.Alignment.BookAligner.AlignFile(
            new Amts.Bot.Alignment.FilePair("i", "i", true, "t"),
            Amts.Bot.Markdown.MarkdownDocument.Parse(origin),
            Amts.Bot.Markdown.MarkdownDocument.Parse(zhText),
            new Amts.Bot.Alignment.LengthModel(0.35, 0.6, 2.0),
            "en",
            "zh"
        );
        var pairs = aligned
            .Sentences.SelectMany(x => x.Sentences)
            .Where(p => p.Source.Count == 1 && p.Target.Count == 1)
            .Select(p => (p.SourceText, p.TargetText))
            .ToList();
        var outcome = Assert.Single(
            h.Push(Commit(21), Commit(23), quality: _ =>
                [
                    ("without parallel data", new Amts.Bot.Translation.TranslationMemory([])),
                    ("with parallel data", new Amts.Bot.Translation.TranslationMemory(pairs)),
                ]
            )
        );
        Assert.Equal(ActionOperation.Created, outcome.Operation);
        var body = Assert.Single(h.GitHub.Comments).Body;
        Assert.Contains(
            "| Article | Segments | BLEU without parallel data | BLEU with parallel data | chrF2 without parallel "
                + "data | chrF2 with parallel data |",
            body
        );
        Assert.Contains("`BLEU|nrefs:1|case:mixed|eff:no|tok:zh|smooth:exp|version:2.6.0`", body);
        // with parallel data wins
        Assert.Matches(@"\| \*\*All\*\* \| \d+ \| [\d.]+ ± [\d.]+ \| \*\*[\d.]+\*\* ± [\d.]+ \|", body);
    }

    [Fact]
    public void One_failing_language_among_three_the_others_run_and_every_language_has_an_outcome()
    {
        h.GitHub.Repos["d2l-ai/d2l-ko"] = "master"; // on the API, but no git repository behind it: the clone fails
        var config =
            "languages:\n  - code: ja\n    repository: d2l-ai/d2l-ja\n  - code: ko\n    repository: d2l-ai/d2l-ko\n"
            + ActionHarness.DefaultConfig["languages:\n".Length..];
        var outcomes = h.Push(Commit(21), Commit(23), config);
        Assert.Equal(["ja", "ko", "zh"], outcomes.Select(o => o.Language));
        Assert.Equal(["failed", "failed", "created"], outcomes.Select(o => o.Operation.Name()));
        Assert.Contains("GitHub GET /api/v3/repos/d2l-ai/d2l-ja failed (HTTP 404)", outcomes[0].Message);
        Assert.Contains("the repository was not found", outcomes[1].Message);
        Assert.Equal(2, h.Host.Annotations.Count(a => a.Level == AnnotationLevel.Error));
        Assert.Single(h.GitHub.Pulls);
    }

    [Fact]
    public void A_dispatch_of_an_unconfigured_language_is_an_error()
    {
        var outcome = Assert.Single(h.Push(null, Commit(23), language: "ja"));
        Assert.True(outcome.Failed);
        Assert.Contains("language 'ja' is not configured (configured: zh)", outcome.Message);
        Assert.Contains(h.Host.Annotations, a => a.Level == AnnotationLevel.Error);
    }

    [Fact]
    public void An_expired_token_is_said_so_not_could_not_read_username()
    {
        h.Git.AcceptedToken = "ghs_the_new_one";
        var outcome = Assert.Single(h.Push(Commit(21), Commit(23)));
        Assert.Equal(ActionOperation.Failed, outcome.Operation);
        Assert.Contains("the token was refused", outcome.Message);
        Assert.Contains("renew it", outcome.Message);
        Assert.True(h.Git.Unauthorized > 0);

        h.GitHub.AcceptedToken = "ghs_the_new_one";
        var api = Assert.Single(h.Push(Commit(21), Commit(23)));
        Assert.Contains("the token was refused: Bad credentials", api.Message);
    }

    [Fact]
    public void Reviewers_github_refuses_are_a_warning_and_a_lost_comment_answer_writes_no_second_comment()
    {
        h.GitHub.NotCollaborators.Add("astonzhang");
        h.GitHub.StoreThenFailNext(1, "/issues/1/comments");
        var outcome = Assert.Single(h.Push(Commit(21), Commit(23)));
        Assert.Equal(ActionOperation.Created, outcome.Operation);
        Assert.False(outcome.Failed, outcome.Error);
        Assert.Equal(1, outcome.PullNumber);
        Assert.Contains(outcome.Warnings, w => w.Contains("Reviews may only be requested from collaborators"));
        Assert.Single(h.GitHub.Comments, c => c.Body.StartsWith(QualityComment.Marker));
        // The re-run completes what is missing and duplicates nothing.
        h.GitHub.NotCollaborators.Clear();
        var rerun = Assert.Single(h.Push(Commit(21), Commit(23)));
        Assert.False(rerun.Failed, rerun.Error);
        Assert.Equal(["astonzhang"], h.GitHub.Pulls.Single().Reviewers);
        Assert.Single(h.GitHub.Comments, c => c.Body.StartsWith(QualityComment.Marker));
    }

    [Fact]
    public void A_pr_closed_unmerged_has_its_range_carried_into_the_next_and_the_body_says_so()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(Commit(21), Commit(23))).Operation);
        h.GitHub.Close(1, merged: false);
        var next = Assert.Single(h.Push(Commit(23), Commit(30)));
        Assert.Equal(ActionOperation.Created, next.Operation);
        Assert.Equal(2, next.PullNumber);
        var pull = h.GitHub.Pulls.Single(p => p.Number == 2);
        Assert.Equal($"[zh] Sync with d2l-en {Commit(21)[..7]}..{Commit(30)[..7]}", pull.Title);
        Assert.Contains("#1 was closed without merging", pull.Body);
    }

    [Fact]
    public void After_a_merge_a_push_without_markdown_opens_nothing_and_with_an_open_pr_keeps_the_body()
    {
        Assert.Equal(ActionOperation.Created, Assert.Single(h.Push(Commit(21), Commit(23))).Operation);
        var bodyBefore = h.GitHub.Pulls[0].Body;
        // With the PR open: a push that touches no Markdown keeps the body's files.
        var c1 = h.EnglishCommit("static/build.yml", "a: 1\n", "CI only");
        var open = Assert.Single(h.Push(Commit(30), c1));
        Assert.NotEqual(ActionOperation.Failed, open.Operation);
        var files = Regex
            .Matches(bodyBefore, @"^\| `([^`]+)` \|", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Contains($"| `{f}` |", h.GitHub.Pulls[0].Body));

        h.Merge(1);
        var branch = h.RemoteSha("amts/sync-zh");
        var c2 = h.EnglishCommit("static/build.yml", "a: 2\n", "CI only again");
        var after = Assert.Single(h.Push(c1, c2));
        Assert.Equal(ActionOperation.None, after.Operation);
        Assert.Contains("only the recorded English commit would move", after.Message);
        Assert.Single(h.GitHub.Pulls);
        Assert.Equal(branch, h.RemoteSha("amts/sync-zh"));
    }

    [Fact]
    public void A_mention_and_an_issue_reference_in_a_file_name_are_neutralised()
    {
        var c = h.EnglishCommit(
            "chapter_introduction/thanks-@astonzhang-#1.md",
            "# Thanks @astonzhang\n\nSee #1 and GH-2.\n",
            "Add thanks"
        );
        var outcome = Assert.Single(h.Push(Commit(30), c));
        Assert.Equal(ActionOperation.Created, outcome.Operation);
        var body = h.GitHub.Pulls[0].Body;
        Assert.Contains("thanks-@\u200Dastonzhang-#\u200D1.md", body);
        Assert.DoesNotMatch(@"(?<![\w`])@astonzhang", body);
        Assert.DoesNotMatch(@"(?<![\w&])#1\b", body);
    }

    [Fact]
    public void A_dry_run_says_what_it_would_do_and_pushes_nothing()
    {
        var outcome = Assert.Single(h.Push(Commit(21), Commit(23), dryRun: true));
        Assert.Equal(ActionOperation.None, outcome.Operation);
        Assert.Contains("dry run: would push amts/sync-zh", h.Host.ToString());
        Assert.Empty(h.GitHub.Pulls);
        Assert.NotEqual(0, h.Remote.TryRun(out _, "rev-parse", "--verify", "amts/sync-zh"));
        Assert.True(File.Exists(Path.Combine(outcome.ReportDirectory!, "pr.md")));
    }

    [Fact]
    public void Review_comments_show_the_english_before_and_after_and_suggest_human_lines_left_in_english()
    {
        const string path = "chapter_introduction/index.md";
        const string oldSentence =
            "Each time a customer clicks to add an item to their shopping cart,\nwe add an entry to the shopping "
            + "cart database table,\nassociating that user's ID with the requested product's ID.";
        const string newSentence =
            "Whenever a shopper @octocat puts a product in the cart (see #1), the application records which user "
            + "asked for which product.";
        const string added = "A new paragraph thanks @hubot for GH-7.";
        var english = File.ReadAllText(Path.Combine(h.English, path));
        Assert.Contains(oldSentence, english);
        var changed = english
            .Replace(":label:`chap_introduction`\n\n", ":label:`chap_introduction`\n\n" + added + "\n\n")
            .Replace(oldSentence, newSentence);
        var before = new GitCli(h.English).Run("rev-parse", "HEAD").Trim();
        var after = h.EnglishCommit(path, changed, "Reword a sentence, add a paragraph");
        var outcome = Assert.Single(h.Push(before, after)); // no engine: what it cannot translate stays English, marked
        Assert.True(outcome.Operation == ActionOperation.Created, outcome.Message + "\n" + h.Host);
        var review = Assert.Single(h.GitHub.Reviews);
        var head = h.Remote.Run("show", $"amts/sync-zh:{path}").Split('\n');
        string Lines((string Path, int Line, string Body, int? StartLine) c) =>
            string.Join("\n", head[((c.StartLine ?? c.Line) - 1)..c.Line]);

        // The added paragraph: English before and after, no suggestion (the bot has no text for it it did not write).
        var insertion = Assert.Single(review.Comments, c =>
            c.Body.StartsWith("**inserted**", StringComparison.Ordinal)
            && c.Body.Contains("A new paragraph", StringComparison.Ordinal)
        );
        Assert.Equal(path, insertion.Path);
        Assert.Equal("<!-- amts: untranslated -->" + added, Lines(insertion));
        Assert.Contains("English before: (none: added in English)", insertion.Body);
        Assert.Contains("English after: A new paragraph thanks @\u200Dhubot for GH-\u200D7.", insertion.Body);
        Assert.DoesNotContain("suggestion", insertion.Body);

        // The reworded sentence: the human lines it replaced, offered back as a suggestion on exactly the lines
        // written.
        var reworded = Assert.Single(review.Comments, c =>
            c.Body.Contains("```suggestion", StringComparison.Ordinal)
            && c.Body.Contains("@\u200Doctocat", StringComparison.Ordinal)
        );
        Assert.Equal(path, reworded.Path);
        Assert.Contains(
            "English before: Each time a customer clicks to add an item to their shopping cart, we add an entry",
            reworded.Body
        );
        Assert.Contains("@\u200Doctocat", reworded.Body);
        Assert.Contains("(see \\#\u200D1)", reworded.Body);
        var written = Lines(reworded);
        Assert.NotNull(reworded.StartLine);
        Assert.StartsWith("为了完善业务逻辑", written);
        Assert.Contains("<!-- amts: untranslated -->" + newSentence, written);
        var human = TestData.ReadChinese(path).Split('\n');
        int first = Array.FindIndex(human, l => l.StartsWith("为了完善业务逻辑", StringComparison.Ordinal));
        var suggestion = string.Join("\n", human[first..(first + reworded.Line - reworded.StartLine!.Value + 1)]);
        Assert.Contains("当买家单击将商品添加到购物车时", suggestion);
        Assert.Contains("```suggestion\n" + suggestion + "\n```", reworded.Body);
        Assert.Contains($"replaces lines {reworded.StartLine}–{reworded.Line}", reworded.Body);
        Assert.DoesNotMatch(@"(?<![\w`])@(octocat|hubot)", string.Concat(review.Comments.Select(c => c.Body)));
    }
}
