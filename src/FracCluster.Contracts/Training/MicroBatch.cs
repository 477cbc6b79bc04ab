namespace FracCluster.Contracts.Training;

[GenerateSerializer, Immutable, Alias("frac.MicroBatch")]
public sealed record MicroBatch([property: Id(0)] int Index, [property: Id(1)] IReadOnlyList<int> Entries);
