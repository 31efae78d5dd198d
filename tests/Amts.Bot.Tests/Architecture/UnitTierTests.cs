using System.Reflection;
using ArchUnitNET.Domain.Dependencies;
using ArchUnitNET.Loader;
using Type = System.Type;

namespace Amts.Bot.Tests.Architecture;

/// <summary>
/// The Unit tier touches no git, starts no process and opens no socket, so that it runs in seconds on any machine:
/// read from the compiled test assembly (its IL, through ArchUnitNET: signatures, fields, method bodies, lambdas and
/// async methods with them), no class with <c>[Trait("Category", "Unit")]</c> uses git (GitCli), a process, the HTTP
/// stand-ins, the CLI runner, the action's harness, or the members of
/// <see cref="TestData"/> that clone the corpus bundles. A class that needs them is an Integration test.
/// </summary>
[Trait("Category", "Unit")]
public sealed class UnitTierTests
{
    /// <summary>Types a Unit test may not use, each with why.</summary>
    static readonly Dictionary<string, string> ForbiddenTypes = new(StringComparer.Ordinal)
    {
        ["Amts.Bot.Infrastructure.GitCli"] = "runs git",
        ["Amts.Bot.Publishing.Action.LocalForge"] = "clones a mirror with git",
        ["System.Diagnostics.Process"] = "starts a process",
        ["System.Diagnostics.ProcessStartInfo"] = "starts a process",
        ["System.Net.Http.HttpClient"] = "opens a socket",
        ["System.Net.HttpListener"] = "opens a socket",
        ["Amts.Bot.Tests.Cli.CliRunner"] = "starts the CLI as a process",
        ["Amts.Bot.Tests.Fakes.FakeGitServer"] = "serves git over HTTP",
        ["Amts.Bot.Tests.Fakes.FakeGitHub"] = "serves GitHub's API over HTTP",
        ["Amts.Bot.Tests.Fakes.FakeTranslateService"] = "serves Amazon Translate over HTTP",
        ["Amts.Bot.Tests.Fakes.S3rverFixture"] = "starts s3rver",
        ["Amts.Bot.Tests.Fakes.LoopbackListener"] = "opens a socket",
        ["Amts.Bot.Tests.Publishing.ActionHarness"] = "clones the corpus and serves it over HTTP",
        ["Amts.Bot.Tests.Publishing.ActionFixture"] = "runs the action on clones",
    };

    /// <summary>The members of <see cref="TestData"/> that clone a bundle (its root and <c>tests/data</c> are plain
    /// folders, fine).</summary>
    static readonly string[] CloningMembers =
    [
        "get_" + nameof(TestData.EnglishRepo),
        "get_" + nameof(TestData.ChineseRepo),
        nameof(TestData.FreshClone),
        nameof(TestData.Bundle),
        nameof(TestData.ReadEnglish),
        nameof(TestData.ReadChinese),
    ];

    static readonly Lazy<ArchUnitNET.Domain.Architecture> Tests = new(() =>
        new ArchLoader().LoadAssemblies(typeof(UnitTierTests).Assembly).Build()
    );

    /// <summary>What the classes named use that a Unit test may not, one line each (the class, the use,
    /// why).</summary>
    internal static List<string> Violations(IEnumerable<Type> classes)
    {
        var names = classes.Select(c => c.FullName!).ToList();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Tests.Value.Types)
        {
            // Lambdas and async methods are nested classes of the compiler's (Outer+<>c, Outer+<Method>d__3); a nested
            // class of one's own is a class of its own, with its own tier.
            var owner = names.FirstOrDefault(n =>
                type.FullName == n
                || (
                    type.FullName.Length > n.Length + 1
                    && type.FullName.StartsWith(n, StringComparison.Ordinal)
                    && type.FullName[n.Length] is '+' or '/'
                    && type.FullName[(n.Length + 1)..].StartsWith('<')
                )
            );
            if (owner == null)
                continue;
            foreach (var dependency in type.Dependencies)
            {
                var target = dependency.Target.FullName;
                if (ForbiddenTypes.TryGetValue(target, out var why))
                    violations.Add($"{owner} uses {target}: it {why}");
                if (
                    target == typeof(TestData).FullName
                    && dependency is IMemberMemberDependency member
                    && CloningMembers.Any(m => member.TargetMember.Name.StartsWith(m + "(", StringComparison.Ordinal))
                )
                    violations.Add($"{owner} uses TestData.{member.TargetMember.Name}: it clones a bundle");
            }
        }
        return violations.ToList();
    }

    static IEnumerable<Type> UnitClasses() =>
        typeof(UnitTierTests)
            .Assembly.GetTypes()
            .Where(t =>
                t.GetCustomAttributes<TraitAttribute>().Any()
                && t.GetCustomAttributesData()
                    .Any(a =>
                        a.AttributeType == typeof(TraitAttribute)
                        && (string?)a.ConstructorArguments[0].Value == "Category"
                        && (string?)a.ConstructorArguments[1].Value == "Unit"
                    )
            );

    [Fact]
    public void No_unit_test_touches_git_a_process_or_the_network()
    {
        var violations = Violations(UnitClasses());
        Assert.True(
            violations.Count == 0,
            "Unit tests that touch git, a process or the network (make them pure, or their tier Integration):\n"
                + string.Join("\n", violations)
        );
    }

    [Fact]
    public void The_unit_classes_are_found()
    {
        var names = UnitClasses().Select(t => t.Name).ToList();
        Assert.Contains(nameof(UnitTierTests), names);
        Assert.Contains(nameof(Publishing.PublisherTests), names);
        Assert.DoesNotContain(nameof(Publishing.ActionRunnerTests), names); // Integration
    }

    [Fact]
    public void A_clone_in_a_lambda_of_an_async_method_is_found() =>
        Assert.Equal(
            [
                $"{typeof(Cloning).FullName} uses Amts.Bot.Infrastructure.GitCli: it runs git",
                $"{typeof(Cloning).FullName} uses TestData.FreshClone(System.String): it clones a bundle",
                $"{typeof(Cloning).FullName} uses TestData.get_EnglishRepo(): it clones a bundle",
            ],
            Violations([typeof(Cloning)])
        );

    [Fact]
    public void The_plain_folders_of_test_data_are_not_clones() => Assert.Empty(Violations([typeof(Folders)]));
}

/// <summary>What the check must catch (not a test class: it is never run).</summary>
internal static class Cloning
{
    public static async Task<string> CloneAsync()
    {
        await Task.Yield();
        Func<string> clone = () => TestData.FreshClone("d2l-zh");
        return new Infrastructure.GitCli(clone()).WorkTree + TestData.EnglishRepo;
    }
}

/// <summary>What the check must let pass: the repository's folders and a temporary folder.</summary>
internal static class Folders
{
    public static string Paths() => TestData.RepoRoot + TestData.Data + TestData.TempDir();
}
