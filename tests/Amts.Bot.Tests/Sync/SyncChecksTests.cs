using Amts.Bot.Errors;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;

namespace Amts.Bot.Tests.Sync;

/// <summary>The language code of a sync request: what Amazon Translate and BCP 47 accept passes, nothing
/// else.</summary>
[Trait("Category", "Unit")]
public class SyncChecksTests
{
    [Theory]
    [InlineData("zh")]
    [InlineData("pt-BR")]
    [InlineData("zh-TW")]
    [InlineData("fil")]
    public void Real_language_codes_pass(string code) => SyncChecks.Language(code);

    [Theory]
    [InlineData("", "--lang is empty")]
    [InlineData("  ", "--lang is empty")]
    [InlineData("zh/../x", "is not a language code")]
    [InlineData("z", "is not a language code")]
    [InlineData("zh-", "is not a language code")]
    public void Anything_else_is_refused_as_user_input(string code, string message)
    {
        var e = Assert.Throws<SyncException>(() => SyncChecks.Language(code));
        Assert.Contains(message, e.Message);
        Assert.Equal(ErrorKind.UserInput, e.Kind);
        Assert.NotNull(e.Hint);
    }
}
