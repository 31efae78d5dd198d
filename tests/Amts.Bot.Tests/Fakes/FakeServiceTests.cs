namespace Amts.Bot.Tests.Fakes;

[Trait("Category", "Integration")]
public class FakeServiceTests
{
    [Fact]
    public void Fakes_bind_their_own_ports()
    {
        var fakes = Enumerable.Range(0, 8).Select(_ => new FakeTranslateService()).ToList();
        try
        {
            Assert.Equal(8, fakes.Select(f => f.Endpoint.Port).Distinct().Count());
        }
        finally
        {
            foreach (var f in fakes)
                f.Dispose();
        }
        Assert.True(LoopbackListener.BindRetries.Count < 8, string.Join("\n", LoopbackListener.BindRetries));
    }
}
