using FracCluster.Cli.Streaming;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// One backlog trial of `frac bench cluster`: a burst of routine scans sent at once, then a few more sent right after
/// them, flagged urgent or not (<paramref name="Flagged"/>). Latencies are send → result received, as a scanner sees them.
/// </summary>
public sealed record BacklogRun(bool Flagged, StreamSummary Routine, StreamSummary Urgent)
{
    /// <summary>Routine scans per second: their number over the time from the first send to the last routine result.</summary>
    public double RoutineThroughput => Routine.Throughput;

    public double UrgentPercentile(double p) => Urgent.Percentile(p);

    public double UrgentMax => Urgent.LatenciesMs.Count == 0 ? double.NaN : Urgent.LatenciesMs.Max();

    public double RoutinePercentile(double p) => Routine.Percentile(p);

    public bool Clean => Routine.Clean && Urgent.Clean;
}
