namespace FracCluster.Ml.Models;

/// <summary>
/// Width and depth scaling rules shared by torchvision (<c>_make_divisible</c>, <c>adjust_depth</c>) and
/// efficientnet-pytorch (<c>round_filters</c>, <c>round_repeats</c>); both are the TensorFlow reference's formulas.
/// </summary>
public static class ChannelRounding
{
    /// <summary>Rounds <paramref name="value"/> to the nearest multiple of <paramref name="divisor"/>, never going down by more than 10 %.</summary>
    public static int MakeDivisible(double value, int divisor = 8, int? minValue = null)
    {
        var min = minValue ?? divisor;
        // Python's int() truncates toward zero; values here are positive, so Math.Floor is the same.
        var rounded = Math.Max(min, (int)Math.Floor(value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value)
            rounded += divisor;
        return rounded;
    }

    /// <summary>Scales a channel count by the width multiplier.</summary>
    public static int AdjustChannels(int channels, double widthMultiplier) => MakeDivisible(channels * widthMultiplier);

    /// <summary>Scales a stage's layer count by the depth multiplier (ceil).</summary>
    public static int AdjustDepth(int layers, double depthMultiplier) => (int)Math.Ceiling(layers * depthMultiplier);
}
