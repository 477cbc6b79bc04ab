using FracCluster.Ml.Metrics;

namespace FracCluster.Ml.Tests.Metrics;

public sealed class BinaryMetricsTests
{
    // Positives score 0.9, 0.8, 0.6, 0.4; negatives 0.7, 0.55, 0.3, 0.2.
    private static readonly double[] Probabilities = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
    private static readonly bool[] Labels = [true, true, false, true, false, true, false, false];

    [Fact]
    public void Counts_and_ratios_at_one_half_match_hand_computation()
    {
        var m = BinaryMetrics.Compute(Probabilities, Labels);

        Assert.Equal(new ConfusionMatrix(TruePositives: 3, FalsePositives: 2, TrueNegatives: 2, FalseNegatives: 1), m.Confusion);
        Assert.Equal(5.0 / 8, m.Accuracy, 12);
        Assert.Equal(3.0 / 4, m.Sensitivity, 12);
        Assert.Equal(2.0 / 4, m.Specificity, 12);
        Assert.Equal(3.0 / 5, m.Precision, 12);
        Assert.Equal(6.0 / 9, m.F1, 12);
    }

    [Fact]
    public void Roc_auc_is_the_share_of_correctly_ordered_positive_negative_pairs()
    {
        // Pairs won by the positive: 4 + 4 + 3 + 2 = 13 of 16.
        Assert.Equal(13.0 / 16, RocAnalysis.Auc(Probabilities, Labels), 12);
    }

    [Fact]
    public void Tied_scores_count_one_half()
    {
        Assert.Equal(0.5, RocAnalysis.Auc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 12);
        // 0.8 beats both negatives, 0.6 ties one (½) and beats the other: 3.5 of 4.
        Assert.Equal(3.5 / 4, RocAnalysis.Auc([0.8, 0.6, 0.6, 0.3], [true, true, false, false]), 12);
    }

    [Fact]
    public void Roc_auc_is_nan_without_both_classes()
    {
        Assert.True(double.IsNaN(RocAnalysis.Auc([0.2, 0.9], [true, true])));
        Assert.True(double.IsNaN(BinaryMetrics.Compute([0.2, 0.9], [false, false]).Sensitivity));
    }

    [Fact]
    public void Roc_curve_steps_through_every_distinct_threshold()
    {
        var curve = RocAnalysis.Curve(Probabilities, Labels);

        Assert.Equal(9, curve.Count);
        Assert.Equal(new RocPoint(double.PositiveInfinity, 0, 0), curve[0]);
        Assert.Equal(new RocPoint(0.8, 0, 0.5), curve[2]);
        Assert.Equal(new RocPoint(0.4, 0.5, 1), curve[6]);
        Assert.Equal(new RocPoint(0.2, 1, 1), curve[8]);
    }

    [Fact]
    public void Youden_threshold_is_the_highest_one_with_maximal_j()
    {
        // J reaches 0.5 at 0.8, 0.6 and 0.4; the highest of them is kept.
        var choice = RocAnalysis.YoudenThreshold(Probabilities, Labels);

        Assert.Equal(0.8, choice.Threshold);
        Assert.Equal(0.5, choice.Sensitivity, 12);
        Assert.Equal(1.0, choice.Specificity, 12);
    }

    [Theory]
    [InlineData(0.95, 0.4, 1.0, 0.5)]
    [InlineData(0.7, 0.6, 0.75, 0.75)]
    [InlineData(0.5, 0.8, 0.5, 1.0)]
    public void Target_sensitivity_threshold_is_the_most_specific_one_reaching_it(double target, double threshold, double sensitivity, double specificity)
    {
        var choice = RocAnalysis.ThresholdForSensitivity(Probabilities, Labels, target);

        Assert.Equal(threshold, choice.Threshold);
        Assert.Equal(sensitivity, choice.Sensitivity, 12);
        Assert.Equal(specificity, choice.Specificity, 12);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute([0.1, 0.2], [true]));
    }
}
