using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Models;

/// <summary>
/// Convolution → BatchNorm → optional SiLU, as torchvision's <c>Conv2dNormActivation</c>: the children are named
/// "0", "1", "2" so the state_dict keys (<c>features.0.0.weight</c>, <c>features.0.1.running_mean</c>) match PyTorch's.
/// Asymmetric (TF-"same") padding is applied before the convolution and owns no parameters, so it adds no key.
/// </summary>
public sealed class Conv2dNormActivation : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _norm;
    private readonly SiLU? _activation;
    private readonly long[]? _explicitPadding;

    public Conv2dNormActivation(
        long inputChannels,
        long outputChannels,
        int kernelSize,
        ConvPadding padding,
        double batchNormEpsilon,
        double batchNormMomentum,
        int stride = 1,
        long groups = 1,
        bool activation = true)
        : base(nameof(Conv2dNormActivation))
    {
        // Symmetric padding goes into the convolution itself (one kernel call); only lopsided TF padding needs a pad op.
        var convPadding = padding.IsSymmetric && padding.Left == padding.Top ? padding.Left : 0;
        if (!padding.IsZero && convPadding == 0)
            _explicitPadding = [padding.Left, padding.Right, padding.Top, padding.Bottom];

        _conv = nn.Conv2d(inputChannels, outputChannels, kernelSize, stride: stride, padding: convPadding, groups: groups, bias: false);
        _norm = nn.BatchNorm2d(outputChannels, eps: batchNormEpsilon, momentum: batchNormMomentum);
        register_module("0", _conv);
        register_module("1", _norm);
        if (activation)
        {
            _activation = nn.SiLU(inplace: true);
            register_module("2", _activation);
        }
        Padding = padding;
    }

    public ConvPadding Padding { get; }

    public Conv2d Conv => _conv;

    public BatchNorm2d Norm => _norm;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _explicitPadding is null ? input : nn.functional.pad(input, _explicitPadding);
        x = _norm.forward(_conv.forward(x));
        if (_activation is not null)
            x = _activation.forward(x);
        return x.MoveToOuterDisposeScope();
    }
}
