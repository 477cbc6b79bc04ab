namespace FracCluster.Ml.Metrics;

/// <summary>Binary confusion counts, with the positive class being "fractured".</summary>
public readonly record struct ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public int Positives => TruePositives + FalseNegatives;

    public int Negatives => TrueNegatives + FalsePositives;

    /// <summary>Counts the decisions <c>probability ≥ threshold</c> against the true labels.</summary>
    public static ConfusionMatrix FromProbabilities(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> isPositive, double threshold)
    {
        BinaryMetrics.CheckLengths(positiveProbabilities, isPositive);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < isPositive.Count; i++)
        {
            var predicted = positiveProbabilities[i] >= threshold;
            if (predicted && isPositive[i])
                tp++;
            else if (predicted)
                fp++;
            else if (isPositive[i])
                fn++;
            else
                tn++;
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
