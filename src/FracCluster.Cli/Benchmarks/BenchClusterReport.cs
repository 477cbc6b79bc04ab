namespace FracCluster.Cli.Benchmarks;

/// <summary>What `frac bench cluster` measured end to end: the load levels, the backlog trials and the capacity (images/s).</summary>
public sealed record BenchClusterReport(IReadOnlyList<ClusterLoadRun> Runs, IReadOnlyList<BacklogRun> Backlog, double Capacity)
{
    public bool Clean => Runs.All(r => r.Summary.Clean) && Backlog.All(b => b.Clean);
}
