namespace FracCluster.Ml.Data;

/// <summary>A dataset image with the SHA-256 of its bytes (lowercase hex): the input of <see cref="SplitManifest.Create"/>.</summary>
public sealed record HashedEntry(string Path, string Label, string Sha256);
