namespace FracCluster.Contracts.Training;

/// <summary>
/// One micro-batch's summed-loss gradient, flattened in parameter order: in <see cref="Gradients"/>, or, when too large
/// for a grain call, in the blob <see cref="BlobKey"/> (float32 little-endian) with <see cref="Gradients"/> empty.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.MicroBatchGradient")]
public sealed record MicroBatchGradient([property: Id(0)] int Index, [property: Id(1)] float[] Gradients)
{
    [Id(2)] public string? BlobKey { get; init; }
}
