namespace FracCluster.Ml.Metrics;

/// <summary>A decision threshold and what it gives on the data it was chosen on.</summary>
public sealed record ThresholdChoice(string Rule, double Threshold, double Sensitivity, double Specificity);
