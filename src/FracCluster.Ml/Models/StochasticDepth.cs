using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Models;

/// <summary>
/// torchvision's <c>ops.StochasticDepth</c> in "row" mode: in training, each sample's residual branch is zeroed with
/// probability <see cref="Probability"/> and survivors are scaled by 1 / (1 − p); identity in eval mode.
/// </summary>
public sealed class StochasticDepth : nn.Module<Tensor, Tensor>
{
    public StochasticDepth(double probability) : base(nameof(StochasticDepth))
    {
        if (probability is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Drop probability must be in [0, 1].");
        Probability = probability;
    }

    public double Probability { get; }

    public override Tensor forward(Tensor input)
    {
        if (!training || Probability == 0)
            return input.alias();
        using var scope = NewDisposeScope();
        var survival = 1.0 - Probability;
        var shape = new long[input.dim()];
        Array.Fill(shape, 1L);
        shape[0] = input.shape[0];
        var noise = empty(shape, input.dtype, input.device).bernoulli_(survival);
        if (survival > 0)
            noise.div_(survival);
        return (input * noise).MoveToOuterDisposeScope();
    }
}
