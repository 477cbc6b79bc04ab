using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests;

public sealed class TorchPlatformTests
{
    [Fact]
    public void Convolution_runs_on_this_host()
    {
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(1, 1, 3, padding: 1, bias: false);
        using (no_grad())
            conv.weight!.fill_(1.0f);
        var x = ones(1, 1, 4, 4);
        var y = conv.forward(x);
        // Corner pixel sees 4 ones, edge 6, centre 9.
        Assert.Equal(4f, y[0, 0, 0, 0].item<float>());
        Assert.Equal(6f, y[0, 0, 0, 1].item<float>());
        Assert.Equal(9f, y[0, 0, 1, 1].item<float>());
    }
}
