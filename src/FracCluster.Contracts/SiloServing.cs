namespace FracCluster.Contracts;

/// <summary>What one silo is serving right now: its model grains and the scans waiting in its batcher, by priority.</summary>
[GenerateSerializer, Immutable, Alias("frac.SiloServing")]
public sealed record SiloServing
{
    [Id(0)] public required string Silo { get; init; }

    [Id(1)] public required IReadOnlyList<ModelStatus> Models { get; init; }

    [Id(2)] public int QueuedUrgent { get; init; }

    [Id(3)] public int QueuedRoutine { get; init; }
}
