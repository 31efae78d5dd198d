using Amts.Bot.Publishing.Action;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// The action's inputs as GitHub's toolkit reads them (issue 20, item 1), parsed without a run: getBooleanInput of
/// @actions/core takes exactly the YAML 1.2 core schema's six spellings, after trimming. What a dry run then does (no
/// push, no request) is <see cref="ActionInputsTests"/>, once for each answer.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ActionInputsParseTests
{
    static ActionInputs Parse(string dryRun) =>
        ActionInputs.Parse(name =>
            name switch
            {
                "INPUT_GITHUB_TOKEN" => "token",
                "INPUT_DRY_RUN" => dryRun,
                _ => null,
            }
        );

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData(" True ")]
    public void The_three_spellings_of_true_are_a_dry_run(string value) => Assert.True(Parse(value).DryRun);

    [Theory]
    [InlineData("false")]
    [InlineData("False")]
    [InlineData("FALSE")]
    [InlineData("\tfalse\n")]
    public void The_three_spellings_of_false_are_a_real_run(string value) => Assert.False(Parse(value).DryRun);

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("on")]
    [InlineData("tRUE")]
    [InlineData("")]
    public void Any_other_spelling_is_refused_naming_the_input(string value)
    {
        var error = Assert.Throws<ActionInputsException>(() => Parse(value));
        Assert.Contains(error.Problems, p =>
            p.Input == "dry_run" && p.Message.StartsWith("dry_run '", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Without_the_input_it_is_a_real_run() =>
        Assert.False(ActionInputs.Parse(name => name == "INPUT_GITHUB_TOKEN" ? "token" : null).DryRun);
}
