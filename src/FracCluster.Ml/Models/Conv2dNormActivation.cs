using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Models;

/// <summary>
/// Convolution → BatchNorm → optional SiLU, as torchvision's <c>Conv2dNormActivation</c>: the children are named
/// "0", "1", "2" so the state_dict keys (<c>features.0.0.weight</c>, <c>features.0.1.running_mean</c>) match PyTorch's.
/// Asymmetric (TF-"same") padding is applied before the convolution and owns no parameters, so it adds no key.
/// For serving, <see cref="FoldBatchNorm"/> folds the BatchNorm into the convolution: one kernel and one pass over the
/// activations instead of two.
/// </summary>
public sealed class Conv2dNormActivation : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _norm;
    private readonly SiLU? _activation;
    private readonly long[]? _explicitPadding;
    private readonly double _batchNormEpsilon;
    private readonly long _stride;
    private readonly long _convPadding;
    private readonly long _groups;
    private Tensor? _foldedBias;

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

        _batchNormEpsilon = batchNormEpsilon;
        _stride = stride;
        _convPadding = convPadding;
        _groups = groups;
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

    /// <summary>True once <see cref="FoldBatchNorm"/> has run: the convolution's weight then carries the BatchNorm's scale.</summary>
    public bool IsBatchNormFolded => _foldedBias is not null;

    /// <summary>
    /// Folds the BatchNorm's running statistics and affine parameters into the convolution, in place: weight · γ/√(σ²+ε)
    /// per output channel and a bias β − μ·γ/√(σ²+ε). Exact in eval mode up to float rounding. Inference only: the
    /// convolution's weight no longer matches the state_dict it was loaded from, so a folded block refuses training
    /// mode (load the checkpoint again to train).
    /// </summary>
    public void FoldBatchNorm()
    {
        if (training)
            throw new InvalidOperationException("BatchNorm can only be folded in eval mode: training uses batch statistics.");
        if (IsBatchNormFolded)
            return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var scale = _norm.weight! * (_norm.running_var! + _batchNormEpsilon).rsqrt();
        _conv.weight!.mul_(scale.view(-1, 1, 1, 1));
        _foldedBias = (_norm.bias! - (_norm.running_mean! * scale)).DetachFromDisposeScope();
    }

    public override void train(bool train = true)
    {
        if (train && IsBatchNormFolded)
            throw new InvalidOperationException("This block's BatchNorm is folded into its convolution for inference; load the checkpoint again to train.");
        base.train(train);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _explicitPadding is null ? input : nn.functional.pad(input, _explicitPadding);
        x = _foldedBias is null
            ? _norm.forward(_conv.forward(x))
            : nn.functional.conv2d(x, _conv.weight, _foldedBias, strides: [_stride, _stride], padding: [_convPadding, _convPadding], groups: _groups);
        if (_activation is not null)
            x = _activation.forward(x);
        return x.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _foldedBias?.Dispose();
            _foldedBias = null;
        }
        base.Dispose(disposing);
    }
}
