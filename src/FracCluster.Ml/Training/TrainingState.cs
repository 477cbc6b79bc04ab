namespace FracCluster.Ml.Training;

/// <summary>The durable record of a run after its last completed epoch (JSON); weights and optimizer state sit beside it.</summary>
public sealed record TrainingState
{
    public int FormatVersion { get; init; } = 1;

    /// <summary>Hash of everything that must match for a resume to continue the same run (settings, data, initial model).</summary>
    public required string RunFingerprint { get; init; }

    public required int CompletedEpochs { get; init; }

    /// <summary>0 before the first epoch.</summary>
    public required int BestEpoch { get; init; }

    public required IReadOnlyList<EpochRecord> History { get; init; }

    public IReadOnlyList<SkippedImage> Skipped { get; init; } = [];
}
