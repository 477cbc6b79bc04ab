using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Models;

/// <summary>
/// Squeeze-and-excitation (torchvision <c>ops.SqueezeExcitation</c> with SiLU): global average → 1×1 reduce → SiLU →
/// 1×1 expand → sigmoid, which then rescales the input's channels. efficientnet-pytorch's <c>_se_reduce</c>/<c>_se_expand</c>
/// are <c>fc1</c>/<c>fc2</c> here.
/// </summary>
public sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;
    private readonly SiLU activation;
    private readonly Sigmoid scale_activation;

    public SqueezeExcitation(long inputChannels, long squeezeChannels) : base(nameof(SqueezeExcitation))
    {
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc1 = nn.Conv2d(inputChannels, squeezeChannels, 1);
        fc2 = nn.Conv2d(squeezeChannels, inputChannels, 1);
        activation = nn.SiLU(inplace: true);
        scale_activation = nn.Sigmoid();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var scale = scale_activation.forward(fc2.forward(activation.forward(fc1.forward(avgpool.forward(input)))));
        if (is_grad_enabled())
            return (scale * input).MoveToOuterDisposeScope();
        // Without autograd nothing else reads the block's activation, so it is rescaled in place: one full-size
        // allocation less per block. A new handle on it is returned because Sequential disposes its input handles.
        input.mul_(scale);
        return input.alias().MoveToOuterDisposeScope();
    }
}
