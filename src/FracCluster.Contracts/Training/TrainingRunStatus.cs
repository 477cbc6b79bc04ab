namespace FracCluster.Contracts.Training;

/// <summary>A run as <c>GET /v1/training/{id}</c> shows it: phase, progress, metrics so far, ETA.</summary>
[GenerateSerializer, Immutable, Alias("frac.TrainingRunStatus")]
public sealed record TrainingRunStatus
{
    [Id(0)] public required string RunId { get; init; }

    [Id(1)] public required TrainingPhase Phase { get; init; }

    [Id(2)] public required TrainingRunRequest Request { get; init; }

    /// <summary>Epochs completed so far.</summary>
    [Id(3)] public int Epoch { get; init; }

    [Id(4)] public int BestEpoch { get; init; }

    [Id(5)] public double? BestValidationAccuracy { get; init; }

    /// <summary>Blob key of the best checkpoint (X for X.safetensors + X.json), once written.</summary>
    [Id(6)] public string? BestCheckpoint { get; init; }

    [Id(7)] public IReadOnlyList<EpochSummary> History { get; init; } = [];

    [Id(8)] public int ShardsTotal { get; init; }

    [Id(9)] public int ShardsDone { get; init; }

    /// <summary>Shards handed to another silo after theirs left the cluster or failed.</summary>
    [Id(10)] public int ShardsReassigned { get; init; }

    [Id(11)] public IReadOnlyList<SiloShare> SiloShares { get; init; } = [];

    [Id(12)] public IReadOnlyList<BadEntry> BadEntries { get; init; } = [];

    /// <summary>Test metrics of the best model (accuracy, sensitivity, specificity, precision, f1, roc_auc, thresholds).</summary>
    [Id(13)] public IReadOnlyDictionary<string, double> TestMetrics { get; init; } = new Dictionary<string, double>();

    [Id(14)] public string? Error { get; init; }

    [Id(15)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(16)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Estimated time to the end of training, from the pace so far; null when unknown.</summary>
    [Id(17)] public TimeSpan? Eta { get; init; }

    /// <summary>Blob prefix of the run's artifacts: report.md, metrics.jsonl, plots, TensorBoard events, state, checkpoint.</summary>
    [Id(18)] public required string ArtifactsPrefix { get; init; }

    /// <summary>The silo the coordinator runs on now.</summary>
    [Id(19)] public string? CoordinatorSilo { get; init; }

    /// <summary>Times the coordinator picked the run up again after losing its activation (e.g. its silo died).</summary>
    [Id(20)] public int Resumes { get; init; }

    [Id(21)] public bool Published { get; init; }

    [Id(22)] public int ImagesTotal { get; init; }

    /// <summary>Fine-tune: epochs restarted from the last saved epoch because a participating silo left or fell out of step.</summary>
    [Id(23)] public int EpochRestarts { get; init; }

    public bool IsFinal => Phase is TrainingPhase.Completed or TrainingPhase.Failed or TrainingPhase.Cancelled;
}
