using FracCluster.Ml.Models;

namespace FracCluster.Ml.Import;

/// <summary>How to turn a PyTorch state dict into a project checkpoint.</summary>
public sealed record WeightImportOptions
{
    /// <summary>The labels of the seed project's fine-tuned model, in its ImageFolder order.</summary>
    public static IReadOnlyList<string> FractureLabels { get; } = ["fractured", "non_fractured"];

    public required WeightsFormat Format { get; init; }

    public required EfficientNetVariant Variant { get; init; }

    /// <summary>Width override for non-standard (test) networks; null = the variant's.</summary>
    public double? Width { get; init; }

    /// <summary>Depth override for non-standard (test) networks; null = the variant's.</summary>
    public double? Depth { get; init; }

    /// <summary>Class names in output order; null = <see cref="FractureLabels"/> (or class_0… for a kept 1000-class head).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The label whose probability is reported as "fracture".</summary>
    public string PositiveLabel { get; init; } = "fractured";

    /// <summary>Keep the file's classification head even when its class count differs from the labels (to verify an ImageNet import).</summary>
    public bool KeepHead { get; init; }

    /// <summary>
    /// Padding; null = the format's own (symmetric for torchvision, TF-"same" for efficientnet-pytorch).
    /// </summary>
    public EfficientNetPadding? Padding { get; init; }

    /// <summary>Image size TF-"same" padding is computed for; null = the variant's resolution (528 for B6), as efficientnet-pytorch does.</summary>
    public int? PaddingImageSize { get; init; }

    /// <summary>Model input size written into the checkpoint's preprocessing settings.</summary>
    public int InputSize { get; init; } = 224;
}
