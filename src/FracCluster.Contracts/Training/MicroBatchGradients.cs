namespace FracCluster.Contracts.Training;

/// <summary>
/// The summed-loss gradients of each of a worker's micro-batches, flattened in parameter order. Kept per micro-batch so
/// the coordinator adds them up in micro-batch order: the sum does not depend on how micro-batches were spread over silos.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.MicroBatchGradients")]
public sealed record MicroBatchGradients
{
    [Id(0)] public required IReadOnlyList<MicroBatchGradient> MicroBatches { get; init; }

    /// <summary>Images that went into the gradients (decoded ones).</summary>
    [Id(1)] public required int Count { get; init; }

    [Id(2)] public required double LossSum { get; init; }

    /// <summary>BatchNorm buffers after micro-batch 0's forward pass, when this worker ran it (every replica takes these).</summary>
    [Id(3)] public double[]? Buffers { get; init; }

    [Id(4)] public IReadOnlyList<BadEntry> Skipped { get; init; } = [];

    /// <summary>Length of each gradient (the replica's parameter count), also when they travel as blobs.</summary>
    [Id(5)] public int Parameters { get; init; }
}
