using FracCluster.Contracts;

namespace FracCluster.Grains.Batching;

/// <summary>A scan waiting in a batcher, with the timestamp it arrived there (the max delay counts from it).</summary>
internal readonly record struct QueuedScan(ScanArrived Scan, long EnqueuedAt);
