using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Amts.Bot.Tests.Publishing;

/// <summary>The README's reference for maintainers says what the files say: its inputs and outputs tables are
/// action.yml's (names, order, defaults, required), and its example workflow is examples/workflows/d2l-en-sync.yml
/// (which .ci/run lints), byte for byte.</summary>
[Trait("Category", "Unit")]
public partial class ReadmeTests
{
    static string Read(string path) => File.ReadAllText(Path.Combine(TestData.RepoRoot, path));

    static string Section(string readme, string heading)
    {
        int start = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no heading '{heading}'");
        int end = readme.IndexOf("\n#", start + heading.Length + 2, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    /// <summary>The rows of each Markdown table in a section: the cells, trimmed, the header and rule rows left
    /// out.</summary>
    static List<List<string[]>> Tables(string section)
    {
        var tables = new List<List<string[]>>();
        List<string[]>? current = null;
        foreach (var line in section.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                current = null;
                continue;
            }
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (current == null)
            {
                current = [];
                tables.Add(current);
                continue;
            } // the header row
            if (cells.All(c => c.Trim(':').All(ch => ch == '-')))
                continue;
            current.Add(cells);
        }
        return tables;
    }

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();

    static YamlMappingNode Action(string key)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Read("action.yml")));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode(key)];
    }

    static string? Scalar(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;

    /// <summary>Issue 20: the first section shows an aws-engine pull request with its costs and its quality comment,
    /// whole: it links the two files <see cref="AwsExampleTests"/> keeps equal to what the action posts.</summary>
    [Fact]
    public void What_a_pull_request_looks_like_links_the_aws_pull_request_and_its_quality_comment()
    {
        var section = Section(Read("README.md"), "## What a pull request looks like");
        foreach (var doc in new[] { "docs/pr-example-aws.md", "docs/quality-comment-example-aws.md" })
        {
            Assert.Contains($"]({doc})", section);
            Assert.True(File.Exists(Path.Combine(TestData.RepoRoot, doc)), doc);
        }
        Assert.DoesNotContain("No picture of an `aws`-engine pull request", section);
        Assert.Contains("\n> Cost: ", Read("docs/pr-example-aws.md"));
        Assert.Contains("| **All** |", Read("docs/quality-comment-example-aws.md"));
    }

    [Fact]
    public void The_inputs_and_outputs_tables_are_action_yml_s()
    {
        var tables = Tables(Section(Read("README.md"), "### Inputs and outputs"));
        Assert.Equal(2, tables.Count);
        var inputs = Action("inputs")
            .Children.Select(kv => (Name: ((YamlScalarNode)kv.Key).Value!, Spec: (YamlMappingNode)kv.Value))
            .ToList();
        Assert.Equal(inputs.Select(i => $"`{i.Name}`"), tables[0].Select(r => r[0]));
        foreach (var (name, spec) in inputs)
        {
            var cell = tables[0].Single(r => r[0] == $"`{name}`")[1];
            if (Scalar(spec, "required") == "true")
                Assert.Equal("(required)", cell);
            else
            {
                var shown = CodeSpan().Match(cell).Groups[1].Value;
                Assert.True(
                    shown.Trim('"') == Scalar(spec, "default"),
                    $"input {name}: the README shows default {cell}, action.yml has '{Scalar(spec, "default")}'"
                );
            }
        }
        Assert.Equal(
            Action("outputs").Children.Keys.Select(k => $"`{((YamlScalarNode)k).Value}`"),
            tables[1].Select(r => r[0])
        );
    }

    [Fact]
    public void The_example_workflow_in_the_readme_is_the_linted_file()
    {
        var example = Read("examples/workflows/d2l-en-sync.yml");
        var readme = Read("README.md");
        var block = Regex.Match(
            readme,
            "```yaml\n(# Example workflow for d2l-ai/d2l-en.*?)```",
            RegexOptions.Singleline
        );
        Assert.True(
            block.Success,
            "the README shows no example workflow (a ```yaml block starting with the example's first line)"
        );
        Assert.Equal(example, block.Groups[1].Value);
        Assert.Contains("actions/upload-artifact", example);
        Assert.Contains("path: ${{ steps.amts.outputs.report_dir }}", example);
    }
}
