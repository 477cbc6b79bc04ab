namespace FracCluster.Contracts.Training;

/// <summary>A worker's share of scoring a split with its replica (eval mode).</summary>
[GenerateSerializer, Immutable, Alias("frac.ScoreResult")]
public sealed record ScoreResult
{
    [Id(0)] public required IReadOnlyList<ScoredImage> Images { get; init; }

    [Id(1)] public required double LossSum { get; init; }

    [Id(2)] public IReadOnlyList<BadEntry> Skipped { get; init; } = [];
}
