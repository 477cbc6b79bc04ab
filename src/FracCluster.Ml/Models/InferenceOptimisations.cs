namespace FracCluster.Ml.Models;

/// <summary>Which serving rewrites <see cref="FeatureClassifier.OptimiseForInference"/> applies.</summary>
/// <param name="FoldBatchNorm">Fold each BatchNorm into the convolution before it (exact up to float rounding).</param>
/// <param name="ChannelsLast">Lay weights and inputs out channels-last (NHWC), oneDNN's native CPU layout.</param>
public sealed record InferenceOptimisations(bool FoldBatchNorm, bool ChannelsLast)
{
    /// <summary>Everything that measured faster (see the benchmark notes in README.md).</summary>
    public static InferenceOptimisations All { get; } = new(FoldBatchNorm: true, ChannelsLast: true);

    /// <summary>The model as trained: nothing rewritten.</summary>
    public static InferenceOptimisations None { get; } = new(FoldBatchNorm: false, ChannelsLast: false);
}
