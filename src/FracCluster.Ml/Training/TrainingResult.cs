namespace FracCluster.Ml.Training;

/// <summary>A finished run: per-epoch history, the best epoch, and the best model scored on validation and test.</summary>
public sealed record TrainingResult
{
    public required IReadOnlyList<EpochRecord> History { get; init; }

    public required int BestEpoch { get; init; }

    public required EvaluationReport Validation { get; init; }

    public required EvaluationReport Test { get; init; }

    /// <summary>Youden's J and target-sensitivity thresholds chosen on validation, applied to test.</summary>
    public required IReadOnlyList<OperatingPoint> OperatingPoints { get; init; }

    public required IReadOnlyList<SkippedImage> Skipped { get; init; }

    /// <summary>Linear probe: features read from the cache / computed by the backbone in this process.</summary>
    public int FeatureCacheHits { get; init; }

    public int FeaturesComputed { get; init; }

    /// <summary>Linear probe: wall time of feature extraction (cache lookups, decoding, backbone passes) in this process.</summary>
    public double FeatureExtractionSeconds { get; init; }

    /// <summary>Epochs this process ran (fewer than History.Count after a resume).</summary>
    public int EpochsRun { get; init; }
}
