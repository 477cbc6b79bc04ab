namespace FracCluster.Contracts;

/// <summary>What a model grain did with a batch.</summary>
[GenerateSerializer, Immutable, Alias("frac.BatchOutcome")]
public sealed record BatchOutcome
{
    [Id(0)] public required string BatchId { get; init; }

    [Id(1)] public required int Completed { get; init; }

    [Id(2)] public required int Rejected { get; init; }

    [Id(3)] public required int Expired { get; init; }

    [Id(4)] public required string ModelVersion { get; init; }

    [Id(5)] public required double ComputeMilliseconds { get; init; }
}
