using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

/// <summary>What the tests of the action's entry point share: d2l-en checked out as the workspace, d2l-zh served by the
/// git fake and known to the GitHub fake, a runner folder, and the English commits by index.</summary>
public abstract class ActionFixture : IDisposable
{
    protected readonly FakeGitHub github = new();
    private protected readonly FakeGitServer git = new();
    protected readonly string workspace = TestData.FreshClone("d2l-en");
    protected readonly string runner = TestData.TempDir();

    protected ActionFixture()
    {
        github.Repos["d2l-ai/d2l-zh"] = "master";
        git.AddRepository("d2l-ai/d2l-zh", TestData.Bundle("d2l-zh"));
    }

    public void Dispose()
    {
        github.Dispose();
        git.Dispose();
        GC.SuppressFinalize(this);
    }

    protected string Commit(int index) =>
        new GitCli(workspace).Run("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries)[
            index
        ];
}
