using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Alignment;

[Trait("Category", "Integration")]
public class AlignmentTests
{
    const string Concise = "chapter_linear-networks/linear-regression-concise.md";

    static FileAlignment AlignTexts(string en, string zh, string path = "x.md") =>
        BookAligner.AlignFile(
            new FilePair(path, path, false, "test"),
            MarkdownDocument.Parse(en, path),
            MarkdownDocument.Parse(zh, path),
            new LengthModel(0.3, 0.5, 2.0),
            "en",
            "zh"
        );

    static string Origin(string path) => TestData.ReadChinese(Book.OriginPathOf(path));

    /// <summary>Pairs of (source block line, target block line) for every 1–1 match.</summary>
    static Dictionary<int, int> Matches(FileAlignment a) =>
        a
            .Blocks.Where(p => p.Source.Count == 1 && p.Target.Count == 1)
            .ToDictionary(p => a.Source.Blocks[p.Source[0]].Line, p => a.Target.Blocks[p.Target[0]].Line);

    [Fact]
    public void Chinese_extra_paddle_cells_are_target_only_and_every_english_cell_finds_its_tab()
    {
        var a = AlignTexts(Origin(Concise), TestData.ReadChinese(Concise), Concise);
        var paddle = a
            .Target.Blocks.Select((b, i) => (b, i))
            .Where(x => x.b.Code?.Tabs.Contains("paddle") == true)
            .Select(x => x.i)
            .ToList();
        Assert.True(paddle.Count >= 5);
        foreach (var i in paddle)
            Assert.Empty(a.Blocks.Single(p => p.Target.Contains(i)).Source);
        foreach (
            var p in a.Blocks.Where(p => p.Source.Count == 1 && a.Source.Blocks[p.Source[0]].Kind == BlockKind.Code)
        )
        {
            var t = Assert.Single(p.Target);
            Assert.Equal(a.Source.Blocks[p.Source[0]].Code!.Tabs, a.Target.Blocks[t].Code!.Tabs);
        }
        // The heading with its label, and prose blocks, are matched.
        Assert.Equal(1, Matches(a)[1]);
        var prose = a.Source.Blocks.Count(b => b.Kind == BlockKind.Paragraph);
        var matchedProse = a.Blocks.Count(p =>
            p.Target.Count > 0 && p.Source.Any(i => a.Source.Blocks[i].Kind == BlockKind.Paragraph)
        );
        Assert.True(matchedProse >= prose * 0.9, $"{matchedProse}/{prose}");
    }

    public static TheoryData<string> RealFiles =>
        new()
        {
            "chapter_introduction/index.md",
            "chapter_preliminaries/linear-algebra.md",
            "chapter_recurrent-modern/seq2seq.md",
        };

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void Deleting_a_translated_paragraph_unpairs_only_its_english(string path)
    {
        var en = Origin(path);
        var zh = TestData.ReadChinese(path);
        var before = AlignTexts(en, zh, path);
        var victim = before.Blocks.First(p =>
            p.Source.Count == 1
            && p.Target.Count == 1
            && p.Confidence > 0.8
            && before.Target.Blocks[p.Target[0]].Kind == BlockKind.Paragraph
            && before.Source.Blocks[p.Source[0]].Line > 20
        );
        var victimBlock = before.Target.Blocks[victim.Target[0]];
        var damaged = zh.Remove(victimBlock.Offset, victimBlock.Text.Length);
        var after = AlignTexts(en, damaged, path);
        int victimLine = before.Source.Blocks[victim.Source[0]].Line;
        Assert.Empty(after.Blocks.Single(p => p.Source.Any(i => after.Source.Blocks[i].Line == victimLine)).Target);
        // Every other confident match survives, shifted by the removed lines.
        int removedLines = victimBlock.LineCount;
        var expected = Matches(before)
            .Where(kv => kv.Key != victimLine)
            .ToDictionary(kv => kv.Key, kv => kv.Value > victimBlock.Line ? kv.Value - removedLines : kv.Value);
        var actual = Matches(after);
        int kept = expected.Count(kv => actual.TryGetValue(kv.Key, out var v) && v == kv.Value);
        Assert.True(kept >= expected.Count - 1, $"{kept}/{expected.Count} matches kept");
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void An_inserted_paragraph_is_target_only(string path)
    {
        var en = Origin(path);
        var zh = TestData.ReadChinese(path);
        var doc = MarkdownDocument.Parse(zh);
        var anchor = doc.Blocks.First(b => b.Kind == BlockKind.Paragraph && b.Line > 30);
        const string inserted = "这是一个插入的段落，英文原文中没有它，它不应该与任何英文段落对齐。\n\n";
        var damaged = zh.Insert(anchor.Offset, inserted);
        var after = AlignTexts(en, damaged, path);
        var insertedIndex = after
            .Target.Blocks.Select((b, i) => (b, i))
            .First(x => x.b.Text.StartsWith("这是一个插入的段落"))
            .i;
        Assert.Empty(after.Blocks.Single(p => p.Target.Contains(insertedIndex)).Source);
        var before = Matches(AlignTexts(en, zh, path));
        var actual = Matches(after);
        int kept = before.Count(kv =>
            actual.TryGetValue(kv.Key, out var v) && v == (kv.Value >= anchor.Line ? kv.Value + 2 : kv.Value)
        );
        Assert.True(kept >= before.Count - 1, $"{kept}/{before.Count} matches kept");
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void Swapped_paragraphs_disturb_only_themselves(string path)
    {
        var en = Origin(path);
        var zh = TestData.ReadChinese(path);
        var doc = MarkdownDocument.Parse(zh);
        // Two prose paragraphs separated by one blank block, well inside the file.
        int k = Enumerable
            .Range(10, doc.Blocks.Count - 12)
            .First(i =>
                doc.Blocks[i].Kind == BlockKind.Paragraph
                && doc.Blocks[i + 1].Kind == BlockKind.Blank
                && doc.Blocks[i + 2].Kind == BlockKind.Paragraph
                && doc.Blocks[i].Text.Length > 80
                && doc.Blocks[i + 2].Text.Length > 80
            );
        var (a, b) = (doc.Blocks[k], doc.Blocks[k + 2]);
        var swapped = zh[..a.Offset] + b.Text + doc.Blocks[k + 1].Text + a.Text + zh[(b.Offset + b.Text.Length)..];
        var before = Matches(AlignTexts(en, zh, path));
        var after = AlignTexts(en, swapped, path);
        var actual = Matches(after);
        var untouched = before.Where(kv => kv.Value != a.Line && kv.Value != b.Line).ToList();
        int kept = untouched.Count(kv => actual.TryGetValue(kv.Key, out var v) && v == kv.Value);
        Assert.True(kept >= untouched.Count - 1, $"{kept}/{untouched.Count} untouched matches kept");
        // At most one of the swapped pair can still match (monotone alignment); the other is reported unpaired.
        Assert.Contains(after.Blocks, p =>
            p.Source.Count == 0 && p.Target.Count > 0 || p.Target.Count == 0 && p.Source.Count > 0
        );
    }

    [Fact]
    public void Rewritten_preface_completes_and_reports_what_it_cannot_pair()
    {
        // d2l-zh wrote some preface paragraphs (about PyTorch) directly instead of translating them.
        const string path = "chapter_preface/index.md";
        var a = AlignTexts(Origin(path), TestData.ReadChinese(path), path);
        Assert.Contains(a.Blocks, p => p.Source.Count == 0 && a.Target.Blocks[p.Target[0]].Kind == BlockKind.Paragraph);
        Assert.Contains(a.Blocks, p => p.Source.Count > 0 && p.Target.Count > 0 && p.Confidence >= 0.8);
    }

    [Fact]
    public void Sentences_align_one_to_one_on_a_real_paragraph()
    {
        const string en =
            "To build the brains of our application,\nwe would have to step through every possible corner case.\n"
            + "Each time a customer clicks to add an item to their shopping cart,\nwe add an entry to the shopping "
            + "cart database table.\n";
        const string zh =
            "为了完善业务逻辑，开发人员必须细致地考虑应用程序所有可能遇到的边界情况。\n当买家单击将商品添加到购物车时，应用程序会向购物车数据库表中添加一个条目。\n";
        var a = AlignTexts(en, zh);
        var s = Assert.Single(a.Sentences).Sentences;
        Assert.Equal(["1-1", "1-1"], s.Select(p => p.Shape));
        Assert.Equal(
            "To build the brains of our application, we would have to step through every possible corner case.",
            s[0].SourceText
        );
        Assert.Equal("当买家单击将商品添加到购物车时，应用程序会向购物车数据库表中添加一个条目。", s[1].TargetText);
    }

    [Fact]
    public void A_moved_file_is_mapped_by_its_labels()
    {
        var en = new Book(
            "en",
            "en",
            new Dictionary<string, string>
            {
                ["chapter_a/concise.md"] = TestData.ReadEnglish(Concise),
                ["chapter_a/other.md"] = "# Other\n:label:`sec_other_only_here`\n\nText.\n",
            }
        );
        var zh = new Book(
            "zh",
            "zh",
            new Dictionary<string, string> { ["chapter_b/moved.md"] = TestData.ReadChinese(Concise) }
        );
        var map = BookAligner.MapFiles(en, zh);
        var pair = Assert.Single(map.Pairs);
        Assert.Equal(("chapter_a/concise.md", "chapter_b/moved.md"), (pair.SourcePath, pair.TargetPath));
        Assert.Equal(["chapter_a/other.md"], map.UnmappedSource);
        Assert.Empty(map.UnmappedTarget);
    }
}
