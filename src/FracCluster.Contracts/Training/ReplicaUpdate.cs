namespace FracCluster.Contracts.Training;

/// <summary>
/// The averaged gradients and the step's BatchNorm buffers: every replica applies exactly this. Empty gradients with no
/// <see cref="GradientsKey"/> mean a step without a usable image (no update).
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.ReplicaUpdate")]
public sealed record ReplicaUpdate
{
    [Id(0)] public required string RunId { get; init; }

    [Id(1)] public required int Epoch { get; init; }

    [Id(2)] public required int Step { get; init; }

    [Id(3)] public required float[] Gradients { get; init; }

    [Id(4)] public required double[] Buffers { get; init; }

    /// <summary>When set, the averaged gradients are in this blob (float32 little-endian, parameter order) and <see cref="Gradients"/> is empty.</summary>
    [Id(5)] public string? GradientsKey { get; init; }
}
