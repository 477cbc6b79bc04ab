namespace FracCluster.Ml.Data;

/// <summary>Images of one class and body part ("unknown" where dataset.csv says nothing).</summary>
public sealed record BodyPartCount(string BodyPart, string Label, int Count);
