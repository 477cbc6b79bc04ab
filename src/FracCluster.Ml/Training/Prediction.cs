namespace FracCluster.Ml.Training;

/// <summary>One scored image: its true label and the model's probability of the positive class.</summary>
public sealed record Prediction(string Path, string Label, bool IsPositive, double PositiveProbability);
