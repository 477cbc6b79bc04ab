namespace FracCluster.Ml.Models;

/// <summary>Which serving rewrites <see cref="FeatureClassifier.OptimiseForInference"/> applies.</summary>
/// <remarks>
/// Channels-last (NHWC) weights and inputs were tried and left out: with libtorch 2.10 on more than one thread, a 1×1
/// convolution on a 2×2 map (EfficientNet's last stage at 64 px) gave outputs 0.19 away from NCHW's (README's benchmark notes).
/// </remarks>
/// <param name="FoldBatchNorm">Fold each BatchNorm into the convolution before it (exact up to float rounding).</param>
public sealed record InferenceOptimisations(bool FoldBatchNorm)
{
    /// <summary>Every rewrite that measured faster and stays exact (see the benchmark notes in README.md).</summary>
    public static InferenceOptimisations All { get; } = new(FoldBatchNorm: true);

    /// <summary>The model as trained: nothing rewritten.</summary>
    public static InferenceOptimisations None { get; } = new(FoldBatchNorm: false);
}
