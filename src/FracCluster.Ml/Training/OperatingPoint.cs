using FracCluster.Ml.Metrics;

namespace FracCluster.Ml.Training;

/// <summary>A threshold chosen on the validation split, and what it gives on the test split.</summary>
public sealed record OperatingPoint(ThresholdChoice ChosenOnValidation, BinaryMetrics OnTest);
