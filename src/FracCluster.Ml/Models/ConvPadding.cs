namespace FracCluster.Ml.Models;

/// <summary>Zero padding of a 2-D convolution's input, per side.</summary>
public readonly record struct ConvPadding(int Left, int Right, int Top, int Bottom)
{
    public bool IsSymmetric => Left == Right && Top == Bottom;

    public bool IsZero => Left == 0 && Right == 0 && Top == 0 && Bottom == 0;

    /// <summary>torchvision's <c>(kernel − 1) / 2 · dilation</c> on every side.</summary>
    public static ConvPadding Symmetric(int kernel, int dilation = 1)
    {
        var p = (kernel - 1) / 2 * dilation;
        return new(p, p, p, p);
    }

    /// <summary>
    /// TensorFlow "SAME" padding for a square input of <paramref name="imageSize"/> (efficientnet-pytorch's
    /// Conv2dStaticSamePadding): total = max((⌈size/stride⌉ − 1)·stride + (kernel − 1)·dilation + 1 − size, 0),
    /// the smaller half before and the larger after.
    /// </summary>
    public static ConvPadding TfSame(int imageSize, int kernel, int stride, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        var output = (imageSize + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + (kernel - 1) * dilation + 1 - imageSize, 0);
        var before = total / 2;
        return new(before, total - before, before, total - before);
    }

    /// <summary>Output size of a TF-"same" convolution (efficientnet-pytorch's calculate_output_image_size).</summary>
    public static int TfSameOutputSize(int imageSize, int stride) => (imageSize + stride - 1) / stride;
}
