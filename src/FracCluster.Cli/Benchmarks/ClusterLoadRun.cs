using FracCluster.Cli.Streaming;

namespace FracCluster.Cli.Benchmarks;

/// <summary>One load level of `frac bench cluster`: the open-loop rate asked for and what the cluster did at it.</summary>
/// <param name="Label">"capacity" (everything at once) or the share of capacity, e.g. "50 %".</param>
/// <param name="TargetRate">Images/s sent; infinity for the capacity run.</param>
public sealed record ClusterLoadRun(string Label, double TargetRate, StreamSummary Summary)
{
    /// <summary>Forward-pass batch sizes seen by the completed scans, as (size, number of batches).</summary>
    public IReadOnlyList<(int Size, int Batches)> BatchHistogram() =>
        Summary.Scans.Where(s => s.Result is { BatchSize: > 0 })
            .GroupBy(s => s.Result!.BatchSize)
            .Select(g => (g.Key, (int)Math.Round((double)g.Count() / g.Key)))
            .OrderBy(x => x.Key)
            .ToList();

    public double MeanBatchSize
    {
        get
        {
            var sizes = Summary.Scans.Where(s => s.Result is { BatchSize: > 0 }).Select(s => (double)s.Result!.BatchSize).ToList();
            // Averaged per batch, not per scan: a scan in a batch of 16 would otherwise count 16 times.
            return sizes.Count == 0 ? double.NaN : sizes.Count / sizes.Sum(s => 1.0 / s);
        }
    }
}
