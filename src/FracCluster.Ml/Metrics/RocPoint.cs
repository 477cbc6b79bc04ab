namespace FracCluster.Ml.Metrics;

/// <summary>One operating point of a ROC curve: predicting positive when the probability is at least <see cref="Threshold"/>.</summary>
public readonly record struct RocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate);
