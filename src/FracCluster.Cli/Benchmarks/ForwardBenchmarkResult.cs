namespace FracCluster.Cli.Benchmarks;

/// <summary>Timings of repeated forward passes of one engine on one batch.</summary>
public sealed record ForwardBenchmarkResult
{
    public required string Engine { get; init; }

    public required string Version { get; init; }

    public required int Threads { get; init; }

    public required int Batch { get; init; }

    public required int Size { get; init; }

    /// <summary>Wall time of each timed forward pass, in ms.</summary>
    public required IReadOnlyList<double> BatchMilliseconds { get; init; }

    public double MeanMilliseconds => BatchMilliseconds.Average();

    public double BestMilliseconds => BatchMilliseconds.Min();

    public double MedianMilliseconds
    {
        get
        {
            var sorted = BatchMilliseconds.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    /// <summary>Images per second over all timed passes.</summary>
    public double ImagesPerSecond => Batch * BatchMilliseconds.Count / (BatchMilliseconds.Sum() / 1000.0);
}
