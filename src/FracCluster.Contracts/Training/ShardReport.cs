namespace FracCluster.Contracts.Training;

/// <summary>What a silo's worker knows about one shard of a run.</summary>
[GenerateSerializer, Immutable, Alias("frac.ShardReport")]
public sealed record ShardReport([property: Id(0)] int ShardIndex, [property: Id(1)] ShardState State, [property: Id(2)] string? Error = null);
