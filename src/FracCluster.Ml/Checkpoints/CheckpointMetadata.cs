using System.Text.Json.Serialization;
using FracCluster.Imaging;

namespace FracCluster.Ml.Checkpoints;

/// <summary>
/// The JSON that travels beside a checkpoint's safetensors weights. Label order is explicit here and never
/// inferred from folder sorting (the seed project's app reversed its own labels that way).
/// </summary>
public sealed record CheckpointMetadata
{
    public int FormatVersion { get; init; } = 1;

    /// <summary>Model family, "efficientnet".</summary>
    public string Architecture { get; init; } = "efficientnet";

    /// <summary>b0 … b7.</summary>
    public required string Variant { get; init; }

    /// <summary>Optional width/depth override for small test variants; null for the standard variant.</summary>
    public double? WidthMultiplier { get; init; }

    public double? DepthMultiplier { get; init; }

    /// <summary>"symmetric" (torchvision) or "tf-same" (efficientnet-pytorch, fixed for <see cref="PaddingImageSize"/>).</summary>
    public string PaddingMode { get; init; } = "symmetric";

    public int? PaddingImageSize { get; init; }

    /// <summary>
    /// "torchvision" (default) or "efficientnet-pytorch": which reference implementation the weights come from. The
    /// latter means BatchNorm eps 1e-3 for every variant and its head/residual rules (see EfficientNetFlavor).
    /// </summary>
    public string Flavor { get; init; } = "torchvision";

    /// <summary>Dropout before the classifier; null = the variant's default.</summary>
    public double? Dropout { get; init; }

    /// <summary>Class names in output order: logits[i] is ClassNames[i].</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Index of the positive ("fractured") class in <see cref="ClassNames"/>.</summary>
    public int PositiveClass { get; init; }

    public PreprocessOptions Preprocess { get; init; } = PreprocessOptions.ImageNet();

    /// <summary>Free-form training configuration (mode, epochs, lr, batch, seed…).</summary>
    public IReadOnlyDictionary<string, string> Training { get; init; } = new Dictionary<string, string>();

    public string? SplitManifestSha256 { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>SHA-256 of the weights file this checkpoint was imported or trained from.</summary>
    public string? SourceWeightsSha256 { get; init; }

    /// <summary>SHA-256 of this checkpoint's own safetensors file; identifies the model version.</summary>
    public string? WeightsSha256 { get; init; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    [JsonIgnore]
    public string VersionLabel => WeightsSha256 is { Length: >= 12 } s ? $"{Variant}-{s[..12]}" : Variant;
}
