using FracCluster.Cli.Streaming;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// One stream of `frac bench heatmap`'s latency part (a burst, or paced at <paramref name="Rate"/>) through a fresh
/// embedded silo with heatmaps off or on for every scan; how many overlays were stored, and how long after the last result the last
/// of them was (null when they had not all arrived within the wait).
/// </summary>
public sealed record HeatmapStreamRun(string Label, string Load, double Rate, StreamSummary Summary, int HeatmapsStored, TimeSpan? HeatmapsDrainedAfter);
