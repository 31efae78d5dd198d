using Amts.Bot.Sync;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issue 19: a translation's toc follows the English toc's changes over a range, by the files its entries
/// name, and keeps every other byte (its title, its prose, its own entries, the entries it left out).</summary>
[Trait("Category", "Unit")]
public class TocPlannerTests
{
    static readonly Dictionary<string, string> NoMoves = [];

    static string Index(string title, params string[] entries) =>
        $"{title}\n=====\n\nSome prose.\n\n```toc\n:maxdepth: 2\n:numbered:\n\n{string.Join("\n", entries)}\n\n```\n";

    static string Sync(string before, string after, string translation, IReadOnlyDictionary<string, string> moves) =>
        TocPlanner.Plan(before, after, translation, "index.md", moves).Apply(translation);

    [Fact]
    public void Added_removed_and_moved_chapters_follow_the_english_and_the_rest_stays_byte_for_byte()
    {
        var before = Index("Book", "chapter_a/index", "chapter_linear/index", "chapter_old/index", "chapter_z/index");
        var after = Index("Book", "chapter_a/index", "chapter_reg/index", "chapter_cls/index", "chapter_z/index");
        // The translation's title and prose are its own; chapter_own is its own chapter.
        var translation = Index(
            "Livro",
            "chapter_a/index",
            "chapter_linear/index",
            "chapter_own/index",
            "chapter_old/index",
            "chapter_z/index"
        );
        var moves = new Dictionary<string, string> { ["chapter_linear/index.md"] = "chapter_reg/index.md" };

        var plan = TocPlanner.Plan(before, after, translation, "index.md", moves);

        Assert.Equal(
            Index(
                "Livro",
                "chapter_a/index",
                "chapter_reg/index",
                "chapter_cls/index",
                "chapter_own/index",
                "chapter_z/index"
            ),
            plan.Apply(translation)
        );
        Assert.Equal(["chapter_cls/index.md"], plan.Added);
        Assert.Equal(["chapter_old/index.md"], plan.Removed);
        Assert.Equal([("chapter_linear/index.md", "chapter_reg/index.md")], plan.Renamed);
    }

    [Fact]
    public void A_chapter_the_translation_left_out_is_not_added_when_the_english_did_not_add_it_and_a_new_one_is()
    {
        var before = Index("Book", "chapter_a/index", "chapter_recsys/index", "chapter_z/index");
        var after = Index("Book", "chapter_a/index", "chapter_recsys/index", "chapter_new/index", "chapter_z/index");
        var translation = Index("书", "chapter_a/index", "chapter_z/index");

        Assert.Equal(
            Index("书", "chapter_a/index", "chapter_new/index", "chapter_z/index"),
            Sync(before, after, translation, NoMoves)
        );
    }

    [Fact]
    public void An_entry_added_first_stands_before_the_next_entry_with_its_indentation()
    {
        var before = "```toc\n  chapter_b/index\n  chapter_c/index\n```\n";
        var after = "```toc\nchapter_new/index\nchapter_b/index\nchapter_c/index\n```\n";
        var translation = "```toc\n  chapter_b/index\n  chapter_c/index\n```\n";

        Assert.Equal(
            "```toc\n  chapter_new/index\n  chapter_b/index\n  chapter_c/index\n```\n",
            Sync(before, after, translation, NoMoves)
        );
    }

    [Fact]
    public void Several_entries_added_together_keep_the_english_order_and_crlf_and_blank_lines_stay()
    {
        var before = "```toc\r\na/index\r\nb/index\r\n\r\n\r\n```\r\n";
        var after = "```toc\r\na/index\r\nx/index\r\ny/index\r\nb/index\r\n\r\n```\r\n";
        var translation = "```toc\na/index\nb/index\n\n\n```\n";

        Assert.Equal(
            "```toc\na/index\nx/index\ny/index\nb/index\n\n\n```\n",
            Sync(before, after, translation, NoMoves)
        );
    }

    [Fact]
    public void Entries_of_a_chapter_index_are_relative_to_its_folder()
    {
        var before = "# Ch\n\n```toc\n:maxdepth: 2\n\nintro\nold-section\n```\n";
        var after = "# Ch\n\n```toc\n:maxdepth: 2\n\nintro\nnew-section\n../chapter_b/shared\n```\n";
        var translation = "# Kapitel\n\n```toc\n:maxdepth: 2\n\nintro\nold-section\n```\n";
        var moves = new Dictionary<string, string> { ["chapter_a/old-section.md"] = "chapter_a/new-section.md" };

        var plan = TocPlanner.Plan(before, after, translation, "chapter_a/index.md", moves);

        Assert.Equal(
            "# Kapitel\n\n```toc\n:maxdepth: 2\n\nintro\nnew-section\n../chapter_b/shared\n```\n",
            plan.Apply(translation)
        );
    }

    [Fact]
    public void A_chapter_the_english_moved_within_the_toc_moves_with_its_line_and_own_entries_stay()
    {
        var before = Index("Book", "a/index", "recsys/index", "gans/index", "math/index");
        var after = Index("Book", "a/index", "new/index", "gans/index", "recsys/index", "math/index");
        var translation = Index("本", "a/index", "recsys/index", "own/index", "gans/index", "math/index");

        var plan = TocPlanner.Plan(before, after, translation, "index.md", NoMoves);

        Assert.Equal(
            Index("本", "a/index", "new/index", "gans/index", "recsys/index", "own/index", "math/index"),
            plan.Apply(translation)
        );
        Assert.Equal(["new/index.md"], plan.Added);
        Assert.Single(plan.Reordered);
    }

    [Fact]
    public void No_english_change_of_the_toc_changes_nothing()
    {
        var english = Index("Book", "chapter_a/index", "chapter_b/index");
        var translation = Index("Livre", "chapter_b/index", "chapter_own/index");

        Assert.True(TocPlanner.Plan(english, english, translation, "index.md", NoMoves).IsEmpty);
    }

    [Fact]
    public void Reachable_follows_tocs_transitively_from_the_root_index()
    {
        var files = new Dictionary<string, string>
        {
            ["index.md"] = Index("Book", "chapter_a/index", "chapter_missing/index"),
            ["chapter_a/index.md"] = "# A\n\n```toc\nsection\n../chapter_b/index\n```\n",
            ["chapter_a/section.md"] = "# S\n",
            ["chapter_a/section_origin.md"] = "# S\n",
            ["chapter_b/index.md"] = "# B\n",
            ["chapter_c/index.md"] = "# C, listed by no toc\n",
            ["README.md"] = "# not a chapter\n",
        };

        Assert.Equal(
            ["chapter_a/index.md", "chapter_a/section.md", "chapter_b/index.md", "index.md"],
            Toc.Reachable(files).Order(StringComparer.Ordinal)
        );
        Assert.Equal(["chapter_c/index.md"], Toc.Unreachable(files));
    }
}

/// <summary>The output check's toc rule: a human chapter the English toc still lists is not dropped from the
/// toc.</summary>
[Trait("Category", "Unit")]
public class TocEntryRuleTests
{
    const string English = "# Book\n\n```toc\nchapter_a/index\nchapter_b/index\n```\n";
    const string Before = "# Livro\n\n```toc\nchapter_a/index\nchapter_b/index\n```\n";

    [Fact]
    public void Dropping_an_entry_the_english_still_lists_holds_the_file()
    {
        var after = "# Livro\n\n```toc\nchapter_a/index\n```\n";
        var findings = OutputVerifier.Verify(new WrittenFile("index.md", English, English, Before, after, []));
        Assert.Single(findings, f => f.Rule == "toc entries" && f.Message.Contains("chapter_b/index"));
    }

    [Fact]
    public void Dropping_an_entry_the_english_removed_or_adding_one_passes()
    {
        var newEnglish = "# Book\n\n```toc\nchapter_a/index\nchapter_c/index\n```\n";
        var after = "# Livro\n\n```toc\nchapter_a/index\nchapter_c/index\n```\n";
        var findings = OutputVerifier.Verify(new WrittenFile("index.md", English, newEnglish, Before, after, []));
        Assert.DoesNotContain(findings, f => f.Rule == "toc entries");
    }
}
