namespace FracCluster.Ml.Metrics;

/// <summary>Summaries of repeated measurements, as the benchmarks report them.</summary>
public static class SampleStatistics
{
    /// <summary>The middle value (the mean of the two middle ones for an even count); NaN when there is none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
