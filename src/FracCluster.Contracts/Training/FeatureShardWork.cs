namespace FracCluster.Contracts.Training;

/// <summary>
/// One feature-extraction shard: manifest entries [Start, Start + Count) of the run's split manifest through the frozen
/// backbone of <see cref="Weights"/>; the worker writes the feature shard blob at <see cref="OutputKey"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.FeatureShardWork")]
public sealed record FeatureShardWork
{
    [Id(0)] public required string RunId { get; init; }

    [Id(1)] public required int ShardIndex { get; init; }

    [Id(2)] public required string ManifestKey { get; init; }

    [Id(3)] public required int Start { get; init; }

    [Id(4)] public required int Count { get; init; }

    [Id(5)] public required string Dataset { get; init; }

    [Id(6)] public required string Weights { get; init; }

    [Id(7)] public int? ImageSize { get; init; }

    [Id(8)] public required string OutputKey { get; init; }
}
