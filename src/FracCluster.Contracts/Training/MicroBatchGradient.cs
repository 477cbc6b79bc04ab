namespace FracCluster.Contracts.Training;

/// <summary>One micro-batch's summed-loss gradient, flattened in parameter order.</summary>
[GenerateSerializer, Immutable, Alias("frac.MicroBatchGradient")]
public sealed record MicroBatchGradient([property: Id(0)] int Index, [property: Id(1)] float[] Gradients);
