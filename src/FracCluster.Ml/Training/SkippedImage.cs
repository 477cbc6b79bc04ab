namespace FracCluster.Ml.Training;

/// <summary>An image left out of a run, with why: a rejection reason name (e.g. "Truncated", "Sha256Mismatch") and a message.</summary>
public sealed record SkippedImage(string Path, string Reason, string Message);
