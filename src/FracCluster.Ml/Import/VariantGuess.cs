using FracCluster.Ml.Models;

namespace FracCluster.Ml.Import;

/// <summary>What the tensor shapes of a state dict say about the network that produced it.</summary>
/// <param name="StemChannels">Output width of the stem convolution.</param>
/// <param name="HeadChannels">Output width of the last 1×1 convolution (the pooled feature count).</param>
/// <param name="BlockCount">Number of MBConv blocks.</param>
/// <param name="NumClasses">Rows of the final linear layer, when present.</param>
public sealed record VariantGuess(int? StemChannels, int? HeadChannels, int BlockCount, int? NumClasses)
{
    /// <summary>The standard variant (B0…B7, unscaled) with exactly these widths and block count, if any.</summary>
    public EfficientNetVariant? Variant
    {
        get
        {
            foreach (var variant in EfficientNetVariants.All)
            {
                var config = EfficientNetConfig.Torchvision(variant);
                if (config.StemChannels == StemChannels && config.HeadChannels == HeadChannels && config.BlockCount == BlockCount)
                    return variant;
            }
            return null;
        }
    }

    /// <summary>Reads the shapes of a state dict in either naming.</summary>
    public static VariantGuess FromShapes(IReadOnlyDictionary<string, long[]> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        int? Rows(params string[] keys)
        {
            foreach (var key in keys)
            {
                if (shapes.TryGetValue(key, out var shape) && shape.Length >= 1)
                    return (int)shape[0];
            }
            return null;
        }

        var blocks = new HashSet<string>(StringComparer.Ordinal);
        var lastFeature = 0;
        foreach (var key in shapes.Keys)
        {
            var parts = key.Split('.');
            if (parts.Length > 2 && parts[0] == "_blocks")
                blocks.Add(parts[1]);
            else if (parts.Length > 3 && parts[0] == "features" && parts[3] == "block")
                blocks.Add(parts[1] + "." + parts[2]);
            if (parts.Length > 1 && parts[0] == "features" && int.TryParse(parts[1], out var index))
                lastFeature = Math.Max(lastFeature, index);
        }

        return new VariantGuess(
            Rows("_conv_stem.weight", "features.0.0.weight"),
            Rows("_conv_head.weight", $"features.{lastFeature}.0.weight"),
            blocks.Count,
            Rows("_fc.weight", "classifier.1.weight"));
    }

    public override string ToString() =>
        $"stem {StemChannels?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, head {HeadChannels?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, {BlockCount} blocks";
}
