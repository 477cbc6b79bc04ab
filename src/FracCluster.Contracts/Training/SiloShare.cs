namespace FracCluster.Contracts.Training;

/// <summary>How many feature shards (and images) one silo completed for a run.</summary>
[GenerateSerializer, Immutable, Alias("frac.SiloShare")]
public sealed record SiloShare([property: Id(0)] string Silo, [property: Id(1)] int Shards, [property: Id(2)] int Images);
