using ArchUnitNET.Loader;

namespace Amts.Bot.Tests.Architecture;

/// <summary>
/// The pipeline is the architecture: dependencies point one way, read from the compiled assemblies (ArchUnitNET reads
/// their IL: signatures, fields, method bodies), not from <c>using</c> lines. Every namespace of the product has a
/// layer; a namespace uses its own layer and the layers below it, never one above, and no two namespaces use each
/// other, even through others.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LayeringTests
{
    /// <summary>The layers, lowest first. The core is pure (strings and records in, records out); infrastructure is
    /// git, files and the environment; engines are the translation services; the application is the use cases (a
    /// sync of a book, the action, the study); the CLI is on top.</summary>
    internal static readonly (string Layer, string[] Namespaces)[] Layers =
    [
        ("core: errors", ["Amts.Bot.Errors"]),
        ("core: text", ["Amts.Bot.Languages", "Amts.Bot.Markdown"]),
        ("core: alignment", ["Amts.Bot.Alignment"]),
        ("core: translation model and memory", ["Amts.Bot.Translation"]),
        ("core: evaluation", ["Amts.Bot.Evaluation"]),
        ("core: sync (model, diff, classify, plan, apply, verify, report)", ["Amts.Bot.Sync"]),
        ("infrastructure", ["Amts.Bot.Infrastructure"]),
        ("engines", ["Amts.Bot.Translation.Engines", "Amts.Bot.Translation.Aws"]),
        ("application: a sync of a book", ["Amts.Bot.Sync.Run"]),
        ("application: forge", ["Amts.Bot.Publishing.Forge", "Amts.Bot.Publishing.GitHub"]),
        ("application: the action", ["Amts.Bot.Publishing", "Amts.Bot.Publishing.Action"]),
        ("cli", ["Amts.Cli", "Amts.Cli.Commands"]),
    ];

    static readonly Lazy<IReadOnlyDictionary<string, SortedSet<string>>> Edges = new(ReadEdges);

    /// <summary>Namespace → the product namespaces its types use, with one example edge per pair (type →
    /// type).</summary>
    static readonly Dictionary<(string From, string To), string> Example = [];

    static IReadOnlyDictionary<string, SortedSet<string>> ReadEdges()
    {
        var code = new ArchLoader()
            .LoadAssemblies(typeof(Amts.Bot.Errors.AmtsException).Assembly, typeof(Amts.Cli.CliApp).Assembly)
            .Build();
        var edges = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in code.Types)
        {
            var from = type.Namespace.FullName;
            if (!IsProduct(from))
                continue;
            if (!edges.ContainsKey(from))
                edges[from] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var dependency in type.Dependencies)
            {
                var to = dependency.Target.Namespace.FullName;
                if (to == from || !IsProduct(to))
                    continue;
                edges[from].Add(to);
                Example.TryAdd((from, to), $"{type.FullName} → {dependency.Target.FullName}");
            }
        }
        return edges;
    }

    static bool IsProduct(string ns) =>
        ns == "Amts.Cli"
        || ns.StartsWith("Amts.Bot.", StringComparison.Ordinal)
        || ns.StartsWith("Amts.Cli.", StringComparison.Ordinal);

    internal static int LayerOf(string ns) => Array.FindIndex(Layers, l => l.Namespaces.Contains(ns));

    [Fact]
    public void The_compiled_graph_is_read_whole()
    {
        // The reader sees references written as qualified names and inside method bodies, not only signatures.
        Assert.Contains("Amts.Bot.Infrastructure", Edges.Value["Amts.Bot.Sync.Run"]);
        Assert.Contains("Amts.Bot.Markdown", Edges.Value["Amts.Bot.Sync"]);
        Assert.Contains("Amts.Bot.Publishing.Action", Edges.Value["Amts.Cli.Commands"]);
    }

    [Fact]
    public void Every_namespace_of_the_product_has_a_layer()
    {
        var without = Edges.Value.Keys.Where(ns => LayerOf(ns) < 0).ToList();
        Assert.True(
            without.Count == 0,
            $"namespaces without a layer (add them to {nameof(Layers)}): " + string.Join(", ", without)
        );
    }

    [Fact]
    public void No_namespace_uses_a_layer_above_its_own()
    {
        var upward = Edges
            .Value.SelectMany(e => e.Value.Select(to => (From: e.Key, To: to)))
            .Where(e => LayerOf(e.From) >= 0 && LayerOf(e.To) > LayerOf(e.From))
            .Select(e =>
                $"{e.From} ({Layers[LayerOf(e.From)].Layer}) uses {e.To} ({Layers[LayerOf(e.To)].Layer}): "
                + Example[(e.From, e.To)]
            )
            .ToList();
        Assert.True(upward.Count == 0, "upward dependencies:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void No_namespaces_depend_on_each_other()
    {
        var cycles = Cycles(Edges.Value);
        Assert.True(
            cycles.Count == 0,
            "dependency cycles:\n"
                + string.Join(
                    "\n",
                    cycles.Select(c =>
                        string.Join(" → ", c)
                        + ": "
                        + string.Join(
                            "; ",
                            c.Zip(c.Skip(1).Append(c[0])).Select(p => Example.GetValueOrDefault(p)).OfType<string>()
                        )
                    )
                )
        );
    }

    /// <summary>The strongly connected groups of more than one namespace (Tarjan).</summary>
    internal static List<List<string>> Cycles(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in graph.TryGetValue(v, out var next) ? next : [])
            {
                if (index.TryGetValue(w, out var seen))
                {
                    if (stack.Contains(w))
                        low[v] = Math.Min(low[v], seen);
                }
                else
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
            }
            if (low[v] != index[v])
                return;
            var group = new List<string>();
            string x;
            do group.Add(x = stack.Pop());
            while (x != v);
            if (group.Count > 1)
                result.Add(group);
        }
        foreach (var v in graph.Keys)
            if (!index.ContainsKey(v))
                Visit(v);
        return result;
    }

    [Fact]
    public void A_cycle_is_found()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["a"] = ["b"],
            ["b"] = ["c"],
            ["c"] = ["a"],
            ["d"] = ["a"],
        };
        Assert.Equal(["a", "b", "c"], Assert.Single(Cycles(graph)).Order());
    }
}
