using TorchSharp;

namespace UnlearnRec.Model.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void TorchSharpLoadsAndComputes()
    {
        using var a = torch.ones(3, 4);
        using var s = a.sum();
        Assert.Equal(12f, s.item<float>());
    }
}
