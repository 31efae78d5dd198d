using Amts.Bot.Publishing.Action;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// Issue 20, item 3: a push whose only effect is review items (broken English: a stray <c>$$</c>) opened no pull
/// request and said nothing, so the translators never saw the items. The pull request is opened with them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ActionReviewOnlyTests : IDisposable
{
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public void A_stray_display_math_delimiter_reaches_the_translators()
    {
        const string path = "chapter_introduction/index.md";
        var english = File.ReadAllText(Path.Combine(h.English, path));
        const string sentence = "was coded by software developers from first principles.\n";
        Assert.Contains(sentence, english);
        var broken = english.Replace(sentence, sentence + "$$\n", StringComparison.Ordinal);
        var before = h.Commit(30);
        var after = h.EnglishCommit(path, broken, "A stray $$");
        var outcome = Assert.Single(h.Push(before, after));
        Assert.True(outcome.Operation == ActionOperation.Created, outcome.Message + "\n" + h.Host);
        var pull = Assert.Single(h.GitHub.Pulls);
        Assert.Contains($"`{path}`", pull.Body);
        Assert.Matches(@"\| `chapter_introduction/index.md` \| [a-z ]+ \| \d+ \| [1-9]\d* \|", pull.Body);
        Assert.Contains("$$", pull.Body.Replace("\\$", "$", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Host.Annotations, a => a.Level == AnnotationLevel.Error);
    }
}
