namespace FracCluster.Ml.Models;

/// <summary>Compound-scaling coefficients of one variant, as in torchvision and efficientnet-pytorch.</summary>
/// <param name="Width">Channel multiplier.</param>
/// <param name="Depth">Layer-count multiplier.</param>
/// <param name="Dropout">Dropout before the classifier.</param>
/// <param name="Resolution">The image size the variant was trained at (efficientnet-pytorch's static-padding size).</param>
public sealed record EfficientNetVariantSpec(double Width, double Depth, double Dropout, int Resolution)
{
    public static EfficientNetVariantSpec For(EfficientNetVariant variant) => variant switch
    {
        EfficientNetVariant.B0 => new(1.0, 1.0, 0.2, 224),
        EfficientNetVariant.B1 => new(1.0, 1.1, 0.2, 240),
        EfficientNetVariant.B2 => new(1.1, 1.2, 0.3, 260),
        EfficientNetVariant.B3 => new(1.2, 1.4, 0.3, 300),
        EfficientNetVariant.B4 => new(1.4, 1.8, 0.4, 380),
        EfficientNetVariant.B5 => new(1.6, 2.2, 0.4, 456),
        EfficientNetVariant.B6 => new(1.8, 2.6, 0.5, 528),
        EfficientNetVariant.B7 => new(2.0, 3.1, 0.5, 600),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown EfficientNet variant."),
    };
}
