namespace FracCluster.Contracts.Training;

/// <summary>A dataset image a run could not use, and why; listed in the run record, never a reason to stall.</summary>
[GenerateSerializer, Immutable, Alias("frac.BadEntry")]
public sealed record BadEntry([property: Id(0)] string Path, [property: Id(1)] string Reason);
