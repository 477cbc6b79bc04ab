namespace FracCluster.Ml.Data;

/// <summary>Minimum, median and maximum of one image dimension (pixels).</summary>
public sealed record SizeSummary(int Min, double Median, int Max)
{
    public static SizeSummary? Of(IReadOnlyCollection<int> values)
    {
        if (values.Count == 0)
            return null;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        return new SizeSummary(sorted[0], median, sorted[^1]);
    }
}
