namespace FracCluster.Ml.Models;

/// <summary>Parsing and printing of variant names ("b0" … "b7").</summary>
public static class EfficientNetVariants
{
    public static IReadOnlyList<EfficientNetVariant> All { get; } = Enum.GetValues<EfficientNetVariant>();

    public static string ToName(this EfficientNetVariant variant) => variant.ToString().ToLowerInvariant();

    /// <summary>Accepts "b6", "B6", "efficientnet-b6" and "efficientnet_b6".</summary>
    public static EfficientNetVariant Parse(string name)
    {
        if (TryParse(name, out var variant))
            return variant;
        throw new ArgumentException($"Unknown EfficientNet variant '{name}': use b0, b1, … b7.", nameof(name));
    }

    public static bool TryParse(string? name, out EfficientNetVariant variant)
    {
        variant = default;
        if (string.IsNullOrWhiteSpace(name))
            return false;
        var s = name.Trim().ToLowerInvariant();
        foreach (var prefix in (string[])["efficientnet-", "efficientnet_"])
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
                s = s[prefix.Length..];
        }
        if (s.Length != 2 || s[0] != 'b' || s[1] < '0' || s[1] > '7')
            return false;
        variant = (EfficientNetVariant)(s[1] - '0');
        return true;
    }
}
