using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Models;

/// <summary>
/// Mobile inverted bottleneck (torchvision <c>MBConv</c>): optional 1×1 expansion → depthwise k×k → squeeze-excitation
/// → 1×1 projection without activation, plus a residual through stochastic depth when shapes allow it.
/// Children: <c>block.0 … block.3</c> (<c>block.0 … block.2</c> without expansion) and <c>stochastic_depth</c>.
/// </summary>
public sealed class MBConv : nn.Module<Tensor, Tensor>
{
    private readonly Sequential block;
    private readonly StochasticDepth stochastic_depth;
    private readonly bool _useResidual;

    /// <param name="inputChannels">Block input width.</param>
    /// <param name="outputChannels">Block output width.</param>
    /// <param name="expandRatio">Expansion of the hidden width (1 for the first stage, else 6).</param>
    /// <param name="kernel">Depthwise kernel size.</param>
    /// <param name="stride">Depthwise stride.</param>
    /// <param name="depthwisePadding">Padding of the depthwise convolution (symmetric or TF-"same").</param>
    /// <param name="stochasticDepthProbability">Drop probability of the residual branch in training.</param>
    /// <param name="allowResidual">False reproduces efficientnet-pytorch's first block of a stage, which never adds its input.</param>
    /// <param name="batchNormEpsilon">BatchNorm eps.</param>
    /// <param name="batchNormMomentum">BatchNorm momentum (PyTorch convention).</param>
    public MBConv(
        int inputChannels,
        int outputChannels,
        double expandRatio,
        int kernel,
        int stride,
        ConvPadding depthwisePadding,
        double stochasticDepthProbability,
        bool allowResidual,
        double batchNormEpsilon,
        double batchNormMomentum)
        : base(nameof(MBConv))
    {
        if (stride is < 1 or > 2)
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "MBConv stride must be 1 or 2.");

        _useResidual = allowResidual && stride == 1 && inputChannels == outputChannels;
        var layers = new List<nn.Module<Tensor, Tensor>>(4);
        var expanded = MBConvStage.ExpandedChannels(inputChannels, expandRatio);
        if (expanded != inputChannels)
            layers.Add(new Conv2dNormActivation(inputChannels, expanded, 1, default, batchNormEpsilon, batchNormMomentum));

        layers.Add(new Conv2dNormActivation(expanded, expanded, kernel, depthwisePadding, batchNormEpsilon, batchNormMomentum, stride: stride, groups: expanded));

        // Squeeze width follows the block's input width, not the expanded width (both reference implementations).
        layers.Add(new SqueezeExcitation(expanded, Math.Max(1, inputChannels / 4)));
        layers.Add(new Conv2dNormActivation(expanded, outputChannels, 1, default, batchNormEpsilon, batchNormMomentum, activation: false));

        block = nn.Sequential(layers);
        stochastic_depth = new StochasticDepth(stochasticDepthProbability);
        OutputChannels = outputChannels;
        RegisterComponents();
    }

    public int OutputChannels { get; }

    public bool UsesResidual => _useResidual;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var result = block.forward(input);
        if (_useResidual)
        {
            if (training && stochastic_depth.Probability > 0)
                result = stochastic_depth.forward(result);
            result.add_(input);
        }
        return result.MoveToOuterDisposeScope();
    }
}
