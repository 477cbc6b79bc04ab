using FracCluster.Ml.Metrics;

namespace FracCluster.Ml.Training;

/// <summary>A model scored on one split: loss, metrics at 0.5, ROC curve, and thresholds chosen on this same data.</summary>
public sealed record EvaluationReport
{
    public required string Split { get; init; }

    public required double Loss { get; init; }

    public required BinaryMetrics Metrics { get; init; }

    public required IReadOnlyList<RocPoint> Roc { get; init; }

    /// <summary>Null when the split lacks one of the classes.</summary>
    public ThresholdChoice? Youden { get; init; }

    /// <summary>Null when the split lacks one of the classes.</summary>
    public ThresholdChoice? AtTargetSensitivity { get; init; }

    public required IReadOnlyList<Prediction> Predictions { get; init; }

    public IReadOnlyList<SkippedImage> Skipped { get; init; } = [];

    public static EvaluationReport FromPredictions(string split, double loss, IReadOnlyList<Prediction> predictions, double targetSensitivity, IReadOnlyList<SkippedImage>? skipped = null)
    {
        var probabilities = predictions.Select(p => p.PositiveProbability).ToArray();
        var labels = predictions.Select(p => p.IsPositive).ToArray();
        var bothClasses = labels.Any(l => l) && labels.Any(l => !l);
        return new EvaluationReport
        {
            Split = split,
            Loss = loss,
            Metrics = BinaryMetrics.Compute(probabilities, labels),
            Roc = RocAnalysis.Curve(probabilities, labels),
            Youden = bothClasses ? RocAnalysis.YoudenThreshold(probabilities, labels) : null,
            AtTargetSensitivity = bothClasses ? RocAnalysis.ThresholdForSensitivity(probabilities, labels, targetSensitivity) : null,
            Predictions = predictions,
            Skipped = skipped ?? [],
        };
    }

    /// <summary>Metrics of these predictions at another threshold (e.g. one chosen on validation).</summary>
    public BinaryMetrics At(double threshold) =>
        BinaryMetrics.Compute(Predictions.Select(p => p.PositiveProbability).ToArray(), Predictions.Select(p => p.IsPositive).ToArray(), threshold);
}
