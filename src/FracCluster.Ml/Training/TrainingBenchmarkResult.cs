namespace FracCluster.Ml.Training;

/// <summary>
/// Timings of <see cref="TrainingBenchmark"/>: (a) one backbone pass over every image, (b) the whole linear probe
/// (extraction into an empty cache, every epoch, test), (c) the original method (a backbone forward and backward pass per
/// image every epoch) measured for a few epochs and extrapolated to all of them.
/// </summary>
public sealed record TrainingBenchmarkResult
{
    public required int Images { get; init; }

    public required int Epochs { get; init; }

    public required double BackbonePassSeconds { get; init; }

    public required double LinearProbeSeconds { get; init; }

    /// <summary>The part of (b) spent extracting features; the rest is hashing, epochs on features, scoring and state.</summary>
    public required double LinearProbeExtractionSeconds { get; init; }

    public required int OriginalMeasuredEpochs { get; init; }

    public required double OriginalSecondsPerEpoch { get; init; }

    public double OriginalExtrapolatedSeconds => OriginalSecondsPerEpoch * Epochs;

    /// <summary>Target ≤ 1.15: the probe costs about one backbone pass.</summary>
    public double ProbeOverBackbone => LinearProbeSeconds / BackbonePassSeconds;

    /// <summary>Target ≥ 15: the original method is that many times dearer.</summary>
    public double OriginalOverProbe => OriginalExtrapolatedSeconds / LinearProbeSeconds;
}
