namespace FracCluster.Ml.Data;

/// <summary>One line of a split manifest: which image, its content hash, its class and its split.</summary>
public sealed record ManifestEntry(string Path, string Sha256, string Label, SplitName Split);
