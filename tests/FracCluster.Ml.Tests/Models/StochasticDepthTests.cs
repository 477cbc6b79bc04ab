using FracCluster.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Models;

public sealed class StochasticDepthTests
{
    [Fact]
    public void Eval_mode_passes_the_input_through_unchanged()
    {
        using var scope = NewDisposeScope();
        using var depth = new StochasticDepth(0.5);
        depth.eval();
        var x = randn(8, 4, 2, 2);
        Assert.True(depth.forward(x).allclose(x, rtol: 0, atol: 0));
    }

    [Fact]
    public void Training_drops_whole_samples_and_rescales_the_survivors()
    {
        using var scope = NewDisposeScope();
        using var depth = new StochasticDepth(0.5);
        depth.train();
        manual_seed(3);
        var x = ones(64, 4, 2, 2);
        var y = depth.forward(x);
        // Row mode: every sample is either all 0 or all 1 / (1 − p) = 2.
        var perSample = y.reshape(64, -1);
        var min = perSample.min(1).values;
        var max = perSample.max(1).values;
        Assert.True(min.allclose(max, rtol: 0, atol: 0));
        var values = max.data<float>().ToArray().Distinct().Order().ToArray();
        Assert.Equal([0f, 2f], values);
    }
}
