namespace FracCluster.Cli.Benchmarks;

/// <summary>Process memory after a number of batches.</summary>
public sealed record MemorySample(
    int Batches,
    long Images,
    double RssMiB,
    double ManagedMiB,
    long LiveTensors,
    double ImagesPerSecond);
