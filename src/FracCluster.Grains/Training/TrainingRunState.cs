using FracCluster.Contracts.Training;

namespace FracCluster.Grains.Training;

/// <summary>The coordinator's durable record of a run (grain storage <c>training</c>).</summary>
[GenerateSerializer, Alias("frac.TrainingRunState")]
public sealed class TrainingRunState
{
    [Id(0)] public TrainingRunRequest? Request { get; set; }

    [Id(1)] public TrainingPhase Phase { get; set; }

    [Id(2)] public string? ManifestKey { get; set; }

    [Id(3)] public string? ManifestSha256 { get; set; }

    [Id(4)] public List<ShardRecord> Shards { get; set; } = [];

    [Id(5)] public List<EpochSummary> History { get; set; } = [];

    [Id(6)] public int BestEpoch { get; set; }

    [Id(7)] public double? BestValidationAccuracy { get; set; }

    [Id(8)] public string? BestCheckpoint { get; set; }

    [Id(9)] public List<BadEntry> BadEntries { get; set; } = [];

    [Id(10)] public Dictionary<string, double> TestMetrics { get; set; } = [];

    [Id(11)] public string? Error { get; set; }

    [Id(12)] public DateTimeOffset CreatedAt { get; set; }

    [Id(13)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(14)] public int Resumes { get; set; }

    [Id(15)] public bool Published { get; set; }

    [Id(16)] public int ShardsReassigned { get; set; }

    [Id(17)] public int ImagesTotal { get; set; }

    [Id(18)] public DateTimeOffset PhaseStartedAt { get; set; }

    [Id(19)] public string? CoordinatorSilo { get; set; }

    [Id(20)] public List<string> ClassNames { get; set; } = [];

    [Id(21)] public int PositiveClass { get; set; }

    /// <summary>Fine-tune: the silos whose replicas share the current epoch's steps.</summary>
    [Id(22)] public List<string> Participants { get; set; } = [];

    /// <summary>Fine-tune: steps applied in the current epoch.</summary>
    [Id(23)] public int Step { get; set; }

    [Id(24)] public double EpochLossSum { get; set; }

    [Id(25)] public int EpochImages { get; set; }

    [Id(26)] public DateTimeOffset EpochStartedAt { get; set; }

    /// <summary>Fine-tune: epochs restarted because a replica was lost or out of step.</summary>
    [Id(27)] public int EpochRestarts { get; set; }

    public bool IsFinal => Phase is TrainingPhase.Completed or TrainingPhase.Failed or TrainingPhase.Cancelled;
}
