namespace FracCluster.Ml.Data;

/// <summary>A test image whose content (SHA-256) is also in train or validation, with the files it leaks through.</summary>
public sealed record SplitLeak(string TestPath, string Sha256, IReadOnlyList<string> OtherPaths);
