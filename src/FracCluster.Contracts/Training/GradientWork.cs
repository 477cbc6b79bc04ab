namespace FracCluster.Contracts.Training;

/// <summary>
/// One worker's part of a data-parallel step: its micro-batches (manifest indices) of the step's batch. Each micro-batch
/// runs forward and backward on its own (BatchNorm statistics per micro-batch) from the step's starting buffers, with
/// dropout seeded by (seed, epoch, step, micro-batch), so the result does not depend on which worker runs it.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.GradientWork")]
public sealed record GradientWork
{
    [Id(0)] public required string RunId { get; init; }

    [Id(1)] public required int Epoch { get; init; }

    /// <summary>Steps of this epoch already applied on the replica (the replica must be exactly there).</summary>
    [Id(2)] public required int Step { get; init; }

    [Id(3)] public required IReadOnlyList<MicroBatch> MicroBatches { get; init; }

    [Id(4)] public required int Seed { get; init; }
}
