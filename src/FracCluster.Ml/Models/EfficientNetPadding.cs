namespace FracCluster.Ml.Models;

/// <summary>How convolutions with a kernel larger than 1 are padded.</summary>
public enum EfficientNetPadding
{
    /// <summary>torchvision: (k − 1) / 2 on every side, whatever the input size.</summary>
    Symmetric,

    /// <summary>
    /// TensorFlow "SAME" computed once for a configured image size and then applied to every input whatever its size
    /// (efficientnet-pytorch's Conv2dStaticSamePadding). Stride-2 convolutions on even sizes pad only right and bottom.
    /// </summary>
    TfSame,
}
