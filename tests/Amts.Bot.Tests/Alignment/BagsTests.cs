using Amts.Bot.Alignment;

namespace Amts.Bot.Tests.Alignment;

/// <summary>
/// The aligners score a candidate match from each unit's own bags (<see cref="Bags"/>) instead of building the combined
/// ones: the figures must be those of the combined bags exactly, for a 1–1 match and for a merge on either side, or the
/// alignments (and every plan made from them) would change.
/// </summary>
[Trait("Category", "Unit")]
public class BagsTests
{
    static Dictionary<string, int> Bag(params (string Key, int Count)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Count);

    static Dictionary<string, int> Sum(params Dictionary<string, int>?[] bags)
    {
        var sum = new Dictionary<string, int>();
        foreach (var bag in bags)
        foreach (var (k, v) in bag ?? [])
            sum[k] = sum.GetValueOrDefault(k) + v;
        return sum;
    }

    static HashSet<string> Words(params string[] words) => new(words, StringComparer.OrdinalIgnoreCase);

    public static TheoryData<string> Shapes => new() { "1-1", "2-1", "1-2" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_overlap_of_the_units_bags_is_the_overlap_of_their_sum(string shape)
    {
        var a1 = Bag(("$x$", 2), ("#3", 1), ("url:a", 1));
        var a2 = Bag(("$x$", 1), ("`f`", 1));
        var b1 = Bag(("$x$", 1), ("#3", 2));
        var b2 = Bag(("`f`", 2), ("url:b", 1));
        var (sa2, sb2) = shape switch
        {
            "2-1" => (a2, (Dictionary<string, int>?)null),
            "1-2" => (null, b2),
            _ => ((Dictionary<string, int>?)null, (Dictionary<string, int>?)null),
        };
        var (sa, sb) = (Sum(a1, sa2), Sum(b1, sb2));
        double expected = BlockAligner.AnchorOverlap(sa, sb, 0.5);

        double got = Bags.Overlap(a1, sa2, Bags.Total(sa), b1, sb2, Bags.Total(sb), 0.5);

        Assert.Equal(expected, got);
        Assert.Equal(0.5, Bags.Overlap([], null, 0, [], null, 0, 0.5));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_latin_words_found_are_those_of_the_union_case_ignored(string shape)
    {
        var s1 = Words("GPU", "softmax");
        var s2 = Words("ReLU");
        var t1 = Words("gpu", "CUDA");
        var t2 = Words("relu", "Cuda", "tensor");
        var (ss2, st2) = shape switch
        {
            "2-1" => (s2, (HashSet<string>?)null),
            "1-2" => (null, t2),
            _ => ((HashSet<string>?)null, (HashSet<string>?)null),
        };
        var target = new HashSet<string>(t1.Concat(st2 ?? []), StringComparer.OrdinalIgnoreCase);
        var source = new HashSet<string>(s1.Concat(ss2 ?? []), StringComparer.OrdinalIgnoreCase);

        var (found, distinct) = Bags.Latin(s1, ss2, t1, st2);

        Assert.Equal(target.Count, distinct);
        Assert.Equal(target.Count(source.Contains), found);
    }
}
