using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// Issue 18 on the real books: a change of line endings alone, the book's memory reusing human text in new files,
/// and blocks English adds that the translation already has.
/// </summary>
[Trait("Category", "Integration")]
public class MemoryAndEolTests
{
    const string LinearRegression = "chapter_linear-networks/linear-regression.md";

    static SyncReport Sync(string en, string target, string language, string from, string to) =>
        new SyncRunner(null)
            .RunAsync(
                new SyncOptions
                {
                    Source = en,
                    Target = target,
                    Language = language,
                    From = from,
                    To = to,
                    Commit = true,
                }
            )
            .GetAwaiter()
            .GetResult();

    static string Rev(string repo, string rev) => new GitCli(repo).Run("rev-parse", rev).Trim();

    static void Commit(string repo, string message)
    {
        var git = new GitCli(repo);
        git.Run("-c", "core.autocrlf=false", "add", "-A");
        git.Run(
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "core.autocrlf=false",
            "commit",
            "-q",
            "-m",
            message
        );
    }

    static string Crlf(string text) => LineEndings.ToLf(text).Replace("\n", "\r\n", StringComparison.Ordinal);

    static void ToCrlf(string file) => File.WriteAllBytes(file, Encoding.UTF8.GetBytes(Crlf(File.ReadAllText(file))));

    static (int Crlf, int Lf) Endings(string file) => LineEndings.Count(File.ReadAllText(file));

    static FileReport FileOf(SyncReport report, string targetPath) =>
        report.Files.Single(f => f.TargetPath == targetPath);

    [Fact]
    public void A_crlf_only_english_change_carries_nothing_and_keeps_every_human_line()
    {
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        ToCrlf(Path.Combine(en, LinearRegression));
        Commit(en, "CRLF line endings, nothing else");
        var human = File.ReadAllBytes(Path.Combine(zh, LinearRegression));
        var origin = File.ReadAllBytes(Path.Combine(zh, Book.OriginPathOf(LinearRegression)));

        var report = Sync(en, zh, "zh", Rev(en, "HEAD~1"), Rev(en, "HEAD"));

        var written = Path.Combine(zh, LinearRegression);
        Assert.Contains("\"\"\"记录多次运行时间\"\"\"", File.ReadAllText(written));
        Assert.Equal(0, Endings(written).Crlf);
        Assert.Equal(human, File.ReadAllBytes(written));
        Assert.Equal(origin, File.ReadAllBytes(Path.Combine(zh, Book.OriginPathOf(LinearRegression))));
        var change = Assert.Single(FileOf(report, LinearRegression).Changes);
        Assert.Equal(ChangeKind.Kept, change.Change.Kind);
        Assert.Contains("only line endings changed", change.Change.Reason);
    }

    [Fact]
    public void A_crlf_translation_stays_crlf_where_the_sync_inserts_and_replaces_text()
    {
        // The last commit touching linear-regression-concise.md rewrites sentences and code in it: the same sync onto
        // the file with CRLF line endings writes what it writes onto the LF file, with CRLF everywhere. (84e7974 on
        // underfit-overfit.md was used first; the output check holds that file: the sync would write zh's own pytorch
        // evaluate_loss cell a second time.)
        const string path = "chapter_linear-networks/linear-regression-concise.md";
        var en = TestData.FreshClone("d2l-en");
        var lf = TestData.FreshClone("d2l-zh");
        var crlf = TestData.FreshClone("d2l-zh");
        ToCrlf(Path.Combine(crlf, path));
        Commit(crlf, "CRLF translation");
        var commit = new GitCli(en)
            .Run("log", "--format=%H", "--", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        var original = File.ReadAllText(Path.Combine(lf, path));

        var lfReport = Sync(en, lf, "zh", commit + "^", commit);
        var crlfReport = Sync(en, crlf, "zh", commit + "^", commit);

        Assert.Equal(FileStatus.Modified, FileOf(lfReport, path).Status);
        Assert.NotEqual(original, File.ReadAllText(Path.Combine(lf, path)));
        Assert.Equal(Crlf(File.ReadAllText(Path.Combine(lf, path))), File.ReadAllText(Path.Combine(crlf, path)));
        Assert.Equal(0, Endings(Path.Combine(crlf, path)).Lf);
        // The lines reported (where review comments go) are the same lines.
        Assert.Equal(
            FileOf(lfReport, path).Changes.Select(c => (c.Change.Kind, c.Lines)),
            FileOf(crlfReport, path).Changes.Select(c => (c.Change.Kind, c.Lines))
        );
    }

    [Fact]
    public void A_new_file_of_a_crlf_book_is_written_crlf_and_its_reused_human_text_is_listed_for_review()
    {
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        foreach (var md in Directory.EnumerateFiles(zh, "*.md", SearchOption.AllDirectories))
            if (!md.Contains("/.git/", StringComparison.Ordinal))
                ToCrlf(md);
        Commit(zh, "CRLF book");
        // A new English section with a paragraph of linear-regression.md: the memory has its human translation.
        var memory = BookMemory.Build(BookReader.FromFolder(zh, "zh"), "en");
        var originText = File.ReadAllText(Path.Combine(zh, Book.OriginPathOf(LinearRegression)));
        var origin = MarkdownDocument.Parse(LineEndings.ToLf(originText));
        var paragraph = origin.Blocks.First(b => b.Kind == BlockKind.Paragraph && memory.Block(b) != null);
        var humanText = memory.Block(paragraph)!;
        var humanLines = LineEndings.ToLf(File.ReadAllText(Path.Combine(zh, LinearRegression))).Split('\n');
        int line = Array.IndexOf(humanLines, humanText.Split('\n')[0]) + 1;
        Assert.True(line > 0);
        const string added = "chapter_linear-networks/recap.md";
        var english = "# A Recap\n\n" + paragraph.Text + "\nA sentence no translation has ever seen, surely.\n";
        File.WriteAllText(Path.Combine(en, added), english);
        Commit(en, "A new section");

        var report = Sync(en, zh, "zh", Rev(en, "HEAD~1"), Rev(en, "HEAD"));

        var file = FileOf(report, added);
        Assert.Equal(FileStatus.Added, file.Status);
        Assert.Contains(Crlf(humanText), File.ReadAllText(Path.Combine(zh, added)));
        Assert.Equal(0, Endings(Path.Combine(zh, added)).Lf);
        var reuse = Assert.Single(file.Changes, c => c.Change.Reason.Contains("reused from", StringComparison.Ordinal));
        Assert.True(reuse.Change.NeedsReview);
        Assert.Contains($"reused from {LinearRegression}:{line}", reuse.Change.Reason);
        // Listed with the items that need human eyes.
        var body = ReportFiles.PullRequestMarkdown(Amts.Cli.Commands.SyncCommand.PullRequestText(report));
        int from = body.IndexOf($"<summary><code>{added}</code>: ", StringComparison.Ordinal);
        Assert.True(from > body.IndexOf("### Needs review", StringComparison.Ordinal), body);
        var section = body[from..body.IndexOf("</details>", from, StringComparison.Ordinal)].Split('\n');
        Assert.Contains(section, l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains("reused from"));
    }

    [Fact]
    public void The_book_memory_does_not_take_a_heading_glued_to_a_list_for_the_heading()
    {
        // d2l-ja's distributions.md writes "## まとめ * ベルヌーイ…。* …" on one line for the English "## Summary"
        // followed by its list: the heading's one sentence pairs with nothing, so it is not the heading's translation.
        var ja = BookReader.FromFolder(TestData.FreshClone("d2l-ja"), "ja");
        var memory = BookMemory.Build(ja, "en");
        var human = memory.Block(MarkdownDocument.Parse("## Summary\n").Blocks[0]);
        Assert.NotNull(human);
        Assert.DoesNotContain("* ", human);
        Assert.DoesNotContain("ベルヌーイ", human);
        // The same English text as another kind of block is not the same block.
        Assert.Null(memory.Block(MarkdownDocument.Parse("Summary\n").Blocks[0]));
    }

    [Fact]
    public void Cells_the_translation_already_has_are_not_inserted_again()
    {
        // d2l-zh's seq2seq.md has the TensorFlow cells its seq2seq_origin.md lacks: 25d3745 "adds" them.
        const string path = "chapter_recurrent-modern/seq2seq.md";
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var before = CodeCells(File.ReadAllText(Path.Combine(zh, path)));

        var report = Sync(en, zh, "zh", Rev(en, "25d3745^"), Rev(en, "25d3745"));

        var english = CodeCells(new GitCli(en).Run("show", $"25d3745:{path}"));
        var after = CodeCells(File.ReadAllText(Path.Combine(zh, path)));
        Assert.Empty(Doubled(before, after, english));
        // Most of the cells are found (kept, not inserted); the TensorFlow encoder and decoder cells are not, since
        // d2l-zh fixed a line of them (the English's super().__init__(*kwargs)): inserted, they would stand next to
        // their fixed copies, so the output check holds the file whole and says why.
        var file = FileOf(report, path);
        Assert.Equal(FileStatus.Held, file.Status);
        Assert.Contains(file.Findings, f =>
            f.Kind == FindingKind.OutputCheck && f.Message.StartsWith("duplicate blocks", StringComparison.Ordinal)
        );
        Assert.Equal(
            File.ReadAllText(Path.Combine(TestData.ChineseRepo, path)),
            File.ReadAllText(Path.Combine(zh, path))
        );
    }

    [Fact]
    public void A_cell_the_translation_has_where_its_place_is_unsure_goes_to_review_and_is_not_inserted()
    {
        // In 84e7974 nadaraya-watson.md "adds" the three def f(x) cells; d2l-zh has them, but next to blocks the
        // alignment could not locate: they are neither inserted nor silently kept.
        const string path = "chapter_attention-mechanisms/nadaraya-waston.md";
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var before = CodeCells(File.ReadAllText(Path.Combine(zh, path)));

        var report = Sync(en, zh, "zh", Rev(en, "84e7974^"), Rev(en, "84e7974"));

        var after = CodeCells(File.ReadAllText(Path.Combine(zh, path)));
        var english = CodeCells(new GitCli(en).Run("show", "84e7974:chapter_attention-mechanisms/nadaraya-watson.md"));
        Assert.Empty(Doubled(before, after, english));
        var changes = FileOf(report, path).Changes;
        Assert.Contains(changes, c =>
            c.Change.NeedsReview
            && c.Change.Kind == ChangeKind.Review
            && c.Change.Reason.Contains("seems to have it already", StringComparison.Ordinal)
        );
        Assert.Contains(changes, c =>
            c.Change.Kind == ChangeKind.Kept && c.Change.Reason.Contains("has it already", StringComparison.Ordinal)
        );
    }

    /// <summary>Cells the translation has more often than before and than the English.</summary>
    static List<string> Doubled(
        Dictionary<string, int> before,
        Dictionary<string, int> after,
        Dictionary<string, int> english
    ) =>
        after
            .Where(c => c.Value > Math.Max(before.GetValueOrDefault(c.Key), english.GetValueOrDefault(c.Key)))
            .Select(c => c.Key)
            .ToList();

    /// <summary>Code cells by #@tab and code lines without comments, counted.</summary>
    static Dictionary<string, int> CodeCells(string text) =>
        MarkdownDocument
            .Parse(LineEndings.ToLf(text))
            .Blocks.Where(b => b.Kind == BlockKind.Code)
            .Select(b =>
                string.Join(",", b.Code?.Tabs ?? [])
                + "|"
                + string.Join(
                    "\n",
                    b.Text.Split('\n')
                        .Skip(1)
                        .Select(l => BlockFeatures.StripComment(l).Trim())
                        .Where(l => l.Length > 0)
                )
            )
            .GroupBy(k => k)
            .ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>Issue 18's rules on strings: line endings restored on a plan, a block found in the translation.</summary>
[Trait("Category", "Unit")]
public class MemoryAndEolUnitTests
{
    const string FilePath = "a.md";

    [Fact]
    public void Line_endings_are_normalised_and_counted()
    {
        Assert.Equal("a\nb\nc\n", LineEndings.ToLf("a\r\nb\rc\n"));
        Assert.Equal(LineEndings.Crlf, LineEndings.Dominant("a\r\nb\r\nc\n"));
        Assert.Equal(LineEndings.Lf, LineEndings.Dominant("a\r\nb\nc\n"));
        Assert.Null(LineEndings.Dominant("no line break"));
        Assert.Equal((2, 1), LineEndings.Count("a\r\nb\r\nc\n"));
    }

    static FilePlan Plan(string lf, params TextEdit[] edits) =>
        new(
            FilePath,
            lf,
            edits,
            edits.Select(_ => new PlannedChange(ChangeKind.Inserted, "test", null, null, [], false)).ToList(),
            [],
            []
        )
        {
            Evidence = edits
                .Select(e =>
                    e.Length > 0
                        ? new ChangeEvidence(new TextRange(e.Start, e.Length), null, default)
                        : new ChangeEvidence(null, e.Start, default)
                )
                .ToList(),
        };

    static TextEdit Edit(int start, int length, string text, int change) =>
        new(start, length, [TemplatePart.Text(text)], change);

    static string Written(FilePlan plan, string raw, string book) =>
        FilePlanner.Apply(TargetLineEndings.Restore(plan, raw, TargetLineEndings.For(raw, book)), []).NewTarget;

    [Fact]
    public void A_plan_on_the_normalised_text_writes_a_crlf_file_with_crlf_only()
    {
        const string raw = "# T\r\n\r\nOne.\r\n\r\nTwo.\r\n";
        var lf = LineEndings.ToLf(raw);
        int one = lf.IndexOf("One.", StringComparison.Ordinal),
            two = lf.IndexOf("Two.", StringComparison.Ordinal);
        // A block inserted after "One.\n", and "Two.\n" replaced.
        var plan = Plan(lf, Edit(one + 5, 0, "\nNew.\n", 0), Edit(two, 5, "Zwei.\nDrei.\n", 1));
        var written = Written(plan, raw, LineEndings.Lf);
        Assert.Equal("# T\r\n\r\nOne.\r\n\r\nNew.\r\n\r\nZwei.\r\nDrei.\r\n", written);
        Assert.Equal(Crlf(FilePlanner.Apply(plan, []).NewTarget), written);
    }

    static string Crlf(string lf) => lf.Replace("\n", "\r\n", StringComparison.Ordinal);

    [Fact]
    public void A_mixed_file_keeps_the_endings_of_the_lines_the_plan_does_not_touch()
    {
        const string raw = "a\r\nb\nc\r\nd\r\n";
        var lf = LineEndings.ToLf(raw);
        var plan = Plan(lf, Edit(lf.IndexOf('c'), 2, "C\nC2\n", 0));
        Assert.Equal("a\r\nb\nC\r\nC2\r\nd\r\n", Written(plan, raw, LineEndings.Lf));
    }

    [Fact]
    public void A_new_file_takes_the_books_line_ending()
    {
        var book = TargetLineEndings.OfBook(["x\r\ny\r\n", "z\r\n", "w\n"]);
        Assert.Equal(LineEndings.Crlf, book);
        var plan = Plan("", Edit(0, 0, "# New\n\nText.\n", 0));
        Assert.Equal("# New\r\n\r\nText.\r\n", Written(plan, "", book));
        Assert.Same(plan, TargetLineEndings.Restore(plan, "", LineEndings.Lf));
    }

    const string Translation = """
        # 标题

        ```{.python .input}
        x = 1
        ```

        ```{.python .input}
        #@tab tensorflow
        import tensorflow as tf
        y = tf.ones(3)  # 一个张量
        ```

        段落。

        """;

    static Block Cell(string code) => MarkdownDocument.Parse(code).Blocks.First(b => b.Kind == BlockKind.Code);

    static int End(Block b) => b.Offset + b.Text.Length;

    [Fact]
    public void A_cell_with_the_same_code_comments_aside_and_tab_is_found_in_place()
    {
        var target = MarkdownDocument.Parse(Translation);
        var blocks = target.Blocks.ToList();
        var held = new AlreadyHeld(target);
        int heading = blocks.FindIndex(b => b.Kind == BlockKind.Heading);
        int first = blocks.FindIndex(b => b.Kind == BlockKind.Code);
        int tf = blocks.FindLastIndex(b => b.Kind == BlockKind.Code);
        var english = Cell(
            "```{.python .input  n=4}\n#@tab tensorflow\nimport tensorflow as tf\n"
                + "y = tf.ones(3)  # A tensor\n```\n"
        );
        // Inserted after the first cell (located), with nothing located between it and the TensorFlow cell.
        var found = held.Find(english, End(blocks[first]), new HashSet<int> { first });
        Assert.NotNull(found);
        Assert.True(found.InPlace);
        Assert.Equal([tf], found.Blocks);
        // Another framework's cell is not this one.
        var pytorch = Cell("```{.python .input}\n#@tab pytorch\nimport tensorflow as tf\ny = tf.ones(3)\n```\n");
        Assert.Null(held.Find(pytorch, 0, new HashSet<int>()));
        // A cell located for another English block is that block's.
        Assert.Null(held.Find(english, 0, new HashSet<int> { tf }));
        // Found, but with no place to compare with: review.
        Assert.False(held.Find(english, null, new HashSet<int>())!.InPlace);
        // Found, but a located block stands between it and where the new cell would go: review.
        Assert.False(held.Find(english, End(blocks[heading]), new HashSet<int> { heading, first })!.InPlace);
    }

    [Fact]
    public void A_prose_block_is_found_by_its_protected_spans_only_when_it_has_two()
    {
        var target = MarkdownDocument.Parse("# T\n\n其中$x$和$y$见 :numref:`sec_a`。\n\n只有$z$。\n");
        var held = new AlreadyHeld(target);
        var two = MarkdownDocument.Parse("Here $y$ and $x$ are in :numref:`sec_a`.\n").Blocks[0];
        var one = MarkdownDocument.Parse("Only $z$.\n").Blocks[0];
        Assert.True(held.Find(two, End(target.Blocks[0]), new HashSet<int> { 0 })!.InPlace);
        Assert.Null(held.Find(one, End(target.Blocks[0]), new HashSet<int> { 0 }));
    }
}
