namespace FracCluster.Ml.Models;

/// <summary>
/// Everything needed to build an EfficientNet. Width, depth and dropout default to the variant's coefficients;
/// overriding them gives tiny test networks with the same structure (e.g. B0 at width 0.25, depth 0.3).
/// </summary>
public sealed record EfficientNetConfig
{
    public EfficientNetVariant Variant { get; init; } = EfficientNetVariant.B0;

    /// <summary>Channel multiplier override; null = the variant's.</summary>
    public double? Width { get; init; }

    /// <summary>Layer-count multiplier override; null = the variant's.</summary>
    public double? Depth { get; init; }

    /// <summary>Dropout before the classifier; null = the variant's (0.2 … 0.5).</summary>
    public double? Dropout { get; init; }

    public int NumClasses { get; init; } = 2;

    public EfficientNetPadding Padding { get; init; } = EfficientNetPadding.Symmetric;

    /// <summary>Image size the TF-"same" padding is computed for; null = the variant's resolution (528 for B6). Ignored for symmetric padding.</summary>
    public int? PaddingImageSize { get; init; }

    public EfficientNetFlavor Flavor { get; init; } = EfficientNetFlavor.Torchvision;

    /// <summary>Stochastic depth probability of the last block; earlier blocks get linearly less (torchvision's default 0.2).</summary>
    public double StochasticDepthProbability { get; init; } = 0.2;

    public EfficientNetVariantSpec Spec => EfficientNetVariantSpec.For(Variant);

    public double WidthMultiplier => Width ?? Spec.Width;

    public double DepthMultiplier => Depth ?? Spec.Depth;

    public double DropoutRate => Dropout ?? Spec.Dropout;

    public int ResolvedPaddingImageSize => PaddingImageSize ?? Spec.Resolution;

    /// <summary>torchvision's <c>partial(BatchNorm2d, eps=0.001, momentum=0.01)</c> for B5–B7; efficientnet-pytorch uses it everywhere.</summary>
    public double BatchNormEpsilon => UsesTfBatchNorm ? 1e-3 : 1e-5;

    public double BatchNormMomentum => UsesTfBatchNorm ? 0.01 : 0.1;

    private bool UsesTfBatchNorm => Flavor == EfficientNetFlavor.EfficientNetPyTorch || Variant >= EfficientNetVariant.B5;

    /// <summary>A standard variant, torchvision flavour, symmetric padding.</summary>
    public static EfficientNetConfig Torchvision(EfficientNetVariant variant, int numClasses = 1000) =>
        new() { Variant = variant, NumClasses = numClasses };

    /// <summary>A standard variant as efficientnet-pytorch builds it: TF-"same" padding for <paramref name="imageSize"/> (default: the variant's resolution).</summary>
    public static EfficientNetConfig EfficientNetPyTorch(EfficientNetVariant variant, int numClasses = 1000, int? imageSize = null) =>
        new()
        {
            Variant = variant,
            NumClasses = numClasses,
            Flavor = EfficientNetFlavor.EfficientNetPyTorch,
            Padding = EfficientNetPadding.TfSame,
            PaddingImageSize = imageSize,
        };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot build a network.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Variant))
            throw new ArgumentException($"Unknown EfficientNet variant {(int)Variant}.");
        if (WidthMultiplier is <= 0 or > 8 || double.IsNaN(WidthMultiplier))
            throw new ArgumentException($"Width multiplier {WidthMultiplier} is out of range (0, 8].");
        if (DepthMultiplier is <= 0 or > 8 || double.IsNaN(DepthMultiplier))
            throw new ArgumentException($"Depth multiplier {DepthMultiplier} is out of range (0, 8].");
        if (DropoutRate is < 0 or >= 1 || double.IsNaN(DropoutRate))
            throw new ArgumentException($"Dropout {DropoutRate} is out of range [0, 1).");
        if (StochasticDepthProbability is < 0 or >= 1 || double.IsNaN(StochasticDepthProbability))
            throw new ArgumentException($"Stochastic depth probability {StochasticDepthProbability} is out of range [0, 1).");
        if (NumClasses < 1)
            throw new ArgumentException($"NumClasses must be at least 1, got {NumClasses}.");
        if (Padding == EfficientNetPadding.TfSame && ResolvedPaddingImageSize < 1)
            throw new ArgumentException($"TF-same padding needs a positive image size, got {ResolvedPaddingImageSize}.");
    }

    /// <summary>The stages after width/depth scaling (Table 1 of the paper, as in torchvision's <c>_efficientnet_conf</c>).</summary>
    public IReadOnlyList<MBConvStage> Stages()
    {
        var w = WidthMultiplier;
        var d = DepthMultiplier;
        return
        [
            MBConvStage.Scaled(1, 3, 1, 32, 16, 1, w, d),
            MBConvStage.Scaled(6, 3, 2, 16, 24, 2, w, d),
            MBConvStage.Scaled(6, 5, 2, 24, 40, 2, w, d),
            MBConvStage.Scaled(6, 3, 2, 40, 80, 3, w, d),
            MBConvStage.Scaled(6, 5, 1, 80, 112, 3, w, d),
            MBConvStage.Scaled(6, 5, 2, 112, 192, 4, w, d),
            MBConvStage.Scaled(6, 3, 1, 192, 320, 1, w, d),
        ];
    }

    /// <summary>Stem output width.</summary>
    public int StemChannels => Stages()[0].InputChannels;

    /// <summary>Width of the last 1×1 convolution = the pooled feature count (2304 for B6).</summary>
    public int HeadChannels => Flavor == EfficientNetFlavor.EfficientNetPyTorch
        ? ChannelRounding.AdjustChannels(1280, WidthMultiplier)
        : 4 * Stages()[^1].OutputChannels;

    public int BlockCount => Stages().Sum(s => s.Layers);
}
