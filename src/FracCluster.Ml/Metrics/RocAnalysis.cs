namespace FracCluster.Ml.Metrics;

/// <summary>ROC-AUC, the ROC curve and threshold choices (Youden's J, a target sensitivity) from probabilities.</summary>
public static class RocAnalysis
{
    /// <summary>
    /// ROC-AUC as the Mann-Whitney statistic: the probability that a random positive scores above a random negative,
    /// counting ties one half. Computed from mid-ranks in O(n log n). NaN when either class is absent.
    /// </summary>
    public static double Auc(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> isPositive)
    {
        BinaryMetrics.CheckLengths(positiveProbabilities, isPositive);
        var n = isPositive.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => positiveProbabilities[i]).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end + 1 < n && positiveProbabilities[order[end + 1]] == positiveProbabilities[order[start]])
                end++;
            // Ranks are 1-based; a group of ties shares the mean of its ranks.
            var midRank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (isPositive[order[k]])
                {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        var u = positiveRankSum - (positives * (positives + 1) / 2.0);
        return u / (positives * (double)negatives);
    }

    /// <summary>
    /// The ROC curve from (0,0) to (1,1): one point per distinct probability, from the highest threshold down.
    /// The first point has threshold +∞ (nothing predicted positive).
    /// </summary>
    public static IReadOnlyList<RocPoint> Curve(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> isPositive)
    {
        BinaryMetrics.CheckLengths(positiveProbabilities, isPositive);
        var positives = isPositive.Count(p => p);
        var negatives = isPositive.Count - positives;
        var order = Enumerable.Range(0, isPositive.Count).OrderByDescending(i => positiveProbabilities[i]).ToArray();
        var points = new List<RocPoint> { new(double.PositiveInfinity, 0, 0) };
        int tp = 0, fp = 0;
        var k = 0;
        while (k < order.Length)
        {
            var threshold = positiveProbabilities[order[k]];
            while (k < order.Length && positiveProbabilities[order[k]] == threshold)
            {
                if (isPositive[order[k]])
                    tp++;
                else
                    fp++;
                k++;
            }
            points.Add(new RocPoint(threshold, BinaryMetrics.Ratio(fp, negatives), BinaryMetrics.Ratio(tp, positives)));
        }
        return points;
    }

    /// <summary>The threshold maximising Youden's J = sensitivity + specificity − 1 (the highest such threshold on ties).</summary>
    public static ThresholdChoice YoudenThreshold(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> isPositive)
    {
        var curve = FiniteCurve(positiveProbabilities, isPositive);
        var best = curve[0];
        foreach (var p in curve)
        {
            if (p.TruePositiveRate - p.FalsePositiveRate > best.TruePositiveRate - best.FalsePositiveRate)
                best = p;
        }
        return new ThresholdChoice("youden", best.Threshold, best.TruePositiveRate, 1 - best.FalsePositiveRate);
    }

    /// <summary>
    /// The highest threshold whose sensitivity reaches <paramref name="targetSensitivity"/>: the most specific
    /// operating point that still finds the wanted share of fractures.
    /// </summary>
    public static ThresholdChoice ThresholdForSensitivity(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> isPositive, double targetSensitivity = 0.95)
    {
        if (targetSensitivity is <= 0 or > 1 || double.IsNaN(targetSensitivity))
            throw new ArgumentOutOfRangeException(nameof(targetSensitivity), targetSensitivity, "The target sensitivity must be in (0, 1].");
        var curve = FiniteCurve(positiveProbabilities, isPositive);
        // Sensitivity grows as the threshold falls and the last point (lowest probability) reaches 1, so a match exists.
        var hit = curve.First(p => p.TruePositiveRate >= targetSensitivity - 1e-12);
        return new ThresholdChoice(FormattableString.Invariant($"sensitivity>={targetSensitivity:0.###}"), hit.Threshold, hit.TruePositiveRate, 1 - hit.FalsePositiveRate);
    }

    private static List<RocPoint> FiniteCurve(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> isPositive)
    {
        var curve = Curve(positiveProbabilities, isPositive).Skip(1).ToList();
        if (curve.Count == 0 || double.IsNaN(curve[0].TruePositiveRate) || double.IsNaN(curve[0].FalsePositiveRate))
            throw new InvalidOperationException("A threshold needs both positive and negative examples.");
        return curve;
    }
}
