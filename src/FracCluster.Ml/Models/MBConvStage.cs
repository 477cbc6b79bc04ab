namespace FracCluster.Ml.Models;

/// <summary>One stage of MBConv blocks after width/depth scaling (torchvision's <c>MBConvConfig</c>).</summary>
public sealed record MBConvStage(double ExpandRatio, int Kernel, int Stride, int InputChannels, int OutputChannels, int Layers)
{
    public static MBConvStage Scaled(double expandRatio, int kernel, int stride, int inputChannels, int outputChannels, int layers, double width, double depth) =>
        new(
            expandRatio,
            kernel,
            stride,
            ChannelRounding.AdjustChannels(inputChannels, width),
            ChannelRounding.AdjustChannels(outputChannels, width),
            ChannelRounding.AdjustDepth(layers, depth));

    /// <summary>Channels inside the block after the 1×1 expansion.</summary>
    public static int ExpandedChannels(int inputChannels, double expandRatio) => ChannelRounding.MakeDivisible(inputChannels * expandRatio);
}
