namespace FracCluster.Contracts;

/// <summary>Up to MaxBatchSize scan references that a batcher closed together and a model grain serves in one forward pass.</summary>
[GenerateSerializer, Immutable, Alias("frac.ScanBatch")]
public sealed record ScanBatch
{
    [Id(0)] public required string BatchId { get; init; }

    [Id(1)] public required IReadOnlyList<ScanArrived> Scans { get; init; }

    [Id(2)] public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>Why the batch closed: one of <see cref="BatchCloseReasons"/>.</summary>
    [Id(3)] public required string ClosedBecause { get; init; }

    /// <summary>True when the batch holds an urgent scan: model grains and devices run it ahead of routine batches.</summary>
    public bool IsUrgent => Scans.Any(s => s.Priority == ScanPriority.Urgent);
}
