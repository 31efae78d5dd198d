using Amts.Bot.Markdown;

namespace Amts.Bot.Tests.Markdown;

/// <summary>Roles machine translation broke apart, as d2l-pt's preface writes them, read back as the English writes
/// them; well-formed roles and ordinary colons are left alone.</summary>
[Trait("Category", "Unit")]
public sealed class BrokenRolesTests
{
    [Theory]
    [InlineData("Em: numref: `chap_cv`, discutimos", "Em:numref:`chap_cv`, discutimos")]
    [InlineData(
        ": numref: `chap_linear` e: numref:` chap_perceptrons`",
        ":numref:`chap_linear` " + "e:numref:`chap_perceptrons`"
    )]
    [InlineData("Chris Bishop: cite: `Bishop.2006`,", "Chris Bishop:cite:`Bishop.2006`,")]
    [InlineData("in :numref:`sec_d2l` and :eqref:`eq_mse`", "in :numref:`sec_d2l` and :eqref:`eq_mse`")]
    [InlineData("Nota: código: `x = 1`", "Nota: código: `x = 1`")]
    [InlineData("no roles here", "no roles here")]
    public void Broken_roles_are_rejoined(string text, string expected) =>
        Assert.Equal(expected, BrokenRoles.Rejoin(text));
}
