namespace Amts.Bot.Tests;

/// <summary>Every test class declares its tier, so `dotnet test --filter Category=Unit` is the whole fast
/// tier.</summary>
[Trait("Category", "Unit")]
public class TestTierTests
{
    static readonly string[] Tiers = ["Unit", "Integration", "Corpus", "External"];

    [Fact]
    public void Every_test_class_has_exactly_one_tier()
    {
        var wrong = typeof(TestTierTests)
            .Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FactAttribute), true).Length > 0))
            .Select(t =>
                (
                    Type: t,
                    Tiers: t.GetCustomAttributesData()
                        .Where(a =>
                            a.AttributeType == typeof(TraitAttribute)
                            && (string?)a.ConstructorArguments[0].Value == "Category"
                        )
                        .Select(a => (string?)a.ConstructorArguments[1].Value)
                        .ToList()
                )
            )
            .Where(x => x.Tiers.Count != 1 || !Tiers.Contains(x.Tiers[0]))
            .Select(x => $"{x.Type.Name}: [{string.Join(", ", x.Tiers)}]")
            .ToList();
        Assert.Empty(wrong);
    }
}
