using System.Globalization;
using FracCluster.Imaging;
using FracCluster.Ml.Models;

namespace FracCluster.Ml.Checkpoints;

/// <summary>Builds models from checkpoint metadata and writes a model's architecture into metadata.</summary>
public static class ModelFactory
{
    public const string SymmetricPadding = "symmetric";
    public const string TfSamePadding = "tf-same";
    public const string TorchvisionFlavor = "torchvision";
    public const string EfficientNetPyTorchFlavor = "efficientnet-pytorch";

    /// <summary>A freshly initialised model of the architecture <paramref name="metadata"/> describes.</summary>
    public static FeatureClassifier Create(CheckpointMetadata metadata) => new EfficientNet(ToConfig(metadata));

    /// <summary>Reads the architecture fields of <paramref name="metadata"/>; throws <see cref="CheckpointException"/> on values it does not know.</summary>
    public static EfficientNetConfig ToConfig(CheckpointMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!string.Equals(metadata.Architecture, "efficientnet", StringComparison.OrdinalIgnoreCase))
            throw new CheckpointException($"Unsupported architecture '{metadata.Architecture}': only 'efficientnet' is known.");
        if (!EfficientNetVariants.TryParse(metadata.Variant, out var variant))
            throw new CheckpointException($"Unknown EfficientNet variant '{metadata.Variant}' in checkpoint metadata: expected b0 … b7.");
        if (metadata.ClassNames is not { Count: > 0 })
            throw new CheckpointException("Checkpoint metadata lists no class names.");

        var config = new EfficientNetConfig
        {
            Variant = variant,
            Width = metadata.WidthMultiplier,
            Depth = metadata.DepthMultiplier,
            Dropout = metadata.Dropout,
            NumClasses = metadata.ClassNames.Count,
            Padding = ParsePadding(metadata.PaddingMode),
            PaddingImageSize = metadata.PaddingImageSize,
            Flavor = ParseFlavor(metadata.Flavor),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException($"Checkpoint metadata describes an invalid model: {e.Message}", e);
        }
        return config;
    }

    /// <summary>Metadata for a model built from <paramref name="config"/>; callers add training details with <c>with</c>.</summary>
    public static CheckpointMetadata CreateMetadata(
        EfficientNetConfig config,
        IReadOnlyList<string> classNames,
        int positiveClass = 0,
        PreprocessOptions? preprocess = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count != config.NumClasses)
            throw new ArgumentException($"{classNames.Count} class name(s) given for a model with {config.NumClasses} outputs.", nameof(classNames));
        ArgumentOutOfRangeException.ThrowIfNegative(positiveClass);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(positiveClass, classNames.Count);
        var tfSame = config.Padding == EfficientNetPadding.TfSame;
        return new CheckpointMetadata
        {
            Variant = config.Variant.ToName(),
            WidthMultiplier = config.Width,
            DepthMultiplier = config.Depth,
            Dropout = config.Dropout,
            PaddingMode = tfSame ? TfSamePadding : SymmetricPadding,
            PaddingImageSize = tfSame ? config.ResolvedPaddingImageSize : null,
            Flavor = config.Flavor == EfficientNetFlavor.EfficientNetPyTorch ? EfficientNetPyTorchFlavor : TorchvisionFlavor,
            ClassNames = [.. classNames],
            PositiveClass = positiveClass,
            Preprocess = preprocess ?? PreprocessOptions.ImageNet(),
        };
    }

    public static EfficientNetPadding ParsePadding(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        null or "" or SymmetricPadding => EfficientNetPadding.Symmetric,
        TfSamePadding or "tf_same" or "same" => EfficientNetPadding.TfSame,
        _ => throw new CheckpointException($"Unknown padding mode '{mode}': expected '{SymmetricPadding}' or '{TfSamePadding}'."),
    };

    public static EfficientNetFlavor ParseFlavor(string? flavor) => flavor?.Trim().ToLowerInvariant() switch
    {
        null or "" or TorchvisionFlavor => EfficientNetFlavor.Torchvision,
        EfficientNetPyTorchFlavor or "efficientnet_pytorch" => EfficientNetFlavor.EfficientNetPyTorch,
        _ => throw new CheckpointException($"Unknown model flavour '{flavor}': expected '{TorchvisionFlavor}' or '{EfficientNetPyTorchFlavor}'."),
    };

    /// <summary>A short human description, e.g. "EfficientNet-B6 (torchvision, symmetric padding, 2 classes)".</summary>
    public static string Describe(EfficientNetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var scale = config.Width is null && config.Depth is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" width {config.WidthMultiplier}, depth {config.DepthMultiplier},");
        var padding = config.Padding == EfficientNetPadding.TfSame
            ? string.Create(CultureInfo.InvariantCulture, $"TF-same padding for {config.ResolvedPaddingImageSize} px")
            : "symmetric padding";
        var flavor = config.Flavor == EfficientNetFlavor.EfficientNetPyTorch ? EfficientNetPyTorchFlavor : TorchvisionFlavor;
        return $"EfficientNet-{config.Variant} ({flavor},{scale} {padding}, {config.NumClasses} classes)";
    }
}
