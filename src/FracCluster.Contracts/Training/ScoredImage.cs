namespace FracCluster.Contracts.Training;

[GenerateSerializer, Immutable, Alias("frac.ScoredImage")]
public sealed record ScoredImage([property: Id(0)] string Path, [property: Id(1)] string Label, [property: Id(2)] bool IsPositive, [property: Id(3)] double PositiveProbability);
