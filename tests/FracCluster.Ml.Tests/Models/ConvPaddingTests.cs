using FracCluster.Ml.Models;

namespace FracCluster.Ml.Tests.Models;

public sealed class ConvPaddingTests
{
    [Theory]
    // efficientnet-pytorch B6 at 528 px: stride-2 layers on even sizes pad only after; on 33 px symmetric.
    [InlineData(528, 3, 2, 0, 1)]
    [InlineData(264, 3, 2, 0, 1)]
    [InlineData(132, 5, 2, 1, 2)]
    [InlineData(66, 3, 2, 0, 1)]
    [InlineData(33, 5, 2, 2, 2)]
    [InlineData(17, 3, 1, 1, 1)]
    [InlineData(17, 5, 1, 2, 2)]
    [InlineData(17, 1, 1, 0, 0)]
    public void Tf_same_padding_matches_conv2d_static_same_padding(int size, int kernel, int stride, int before, int after)
    {
        var padding = ConvPadding.TfSame(size, kernel, stride);
        Assert.Equal(new ConvPadding(before, after, before, after), padding);
    }

    [Fact]
    public void Tf_same_output_size_rounds_up()
    {
        Assert.Equal(17, ConvPadding.TfSameOutputSize(33, 2));
        Assert.Equal(264, ConvPadding.TfSameOutputSize(528, 2));
        Assert.Equal(33, ConvPadding.TfSameOutputSize(33, 1));
    }

    [Fact]
    public void Tf_same_padding_computed_for_528_px_runs_on_a_224_px_input()
    {
        // Static padding is fixed at construction (as efficientnet-pytorch's), whatever size comes in later.
        var config = EfficientNetConfig.EfficientNetPyTorch(EfficientNetVariant.B0, numClasses: 2, imageSize: 528) with { Width = 0.25, Depth = 0.3 };
        using var model = new EfficientNet(config);
        model.eval();
        using var x = TorchSharp.torch.randn(1, 3, 224, 224);
        using var mode = TorchSharp.torch.inference_mode();
        using var logits = model.forward(x);
        Assert.Equal([1L, 2], logits.shape);
    }

    [Fact]
    public void Symmetric_padding_is_half_the_kernel()
    {
        Assert.Equal(new ConvPadding(2, 2, 2, 2), ConvPadding.Symmetric(5));
        Assert.Equal(new ConvPadding(0, 0, 0, 0), ConvPadding.Symmetric(1));
    }
}
