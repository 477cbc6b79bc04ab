namespace FracCluster.Ml.Metrics;

/// <summary>
/// Clinical metrics of a binary classifier at one threshold, plus the threshold-free ROC-AUC.
/// Ratios with an empty denominator are NaN (e.g. sensitivity on a set without positives), never a made-up 0 or 1.
/// </summary>
public sealed record BinaryMetrics
{
    public required double Threshold { get; init; }

    public required ConfusionMatrix Confusion { get; init; }

    public required double Accuracy { get; init; }

    /// <summary>Recall of the positive class, TP / (TP + FN).</summary>
    public required double Sensitivity { get; init; }

    /// <summary>TN / (TN + FP).</summary>
    public required double Specificity { get; init; }

    /// <summary>Positive predictive value, TP / (TP + FP).</summary>
    public required double Precision { get; init; }

    public required double F1 { get; init; }

    /// <summary>Area under the ROC curve from probabilities (Mann-Whitney U, ties count one half).</summary>
    public required double RocAuc { get; init; }

    /// <summary>Computes every metric from probabilities of the positive class and the true labels.</summary>
    public static BinaryMetrics Compute(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> isPositive, double threshold = 0.5)
    {
        var cm = ConfusionMatrix.FromProbabilities(positiveProbabilities, isPositive, threshold);
        var sensitivity = Ratio(cm.TruePositives, cm.Positives);
        var precision = Ratio(cm.TruePositives, cm.TruePositives + cm.FalsePositives);
        return new BinaryMetrics
        {
            Threshold = threshold,
            Confusion = cm,
            Accuracy = Ratio(cm.TruePositives + cm.TrueNegatives, cm.Total),
            Sensitivity = sensitivity,
            Specificity = Ratio(cm.TrueNegatives, cm.Negatives),
            Precision = precision,
            // F1 from counts (2TP / (2TP + FP + FN)) stays defined when precision alone is 0/0.
            F1 = Ratio(2 * cm.TruePositives, (2 * cm.TruePositives) + cm.FalsePositives + cm.FalseNegatives),
            RocAuc = RocAnalysis.Auc(positiveProbabilities, isPositive),
        };
    }

    internal static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;

    internal static void CheckLengths(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count != labels.Count)
            throw new ArgumentException($"{probabilities.Count} probabilities but {labels.Count} labels.", nameof(labels));
    }
}
