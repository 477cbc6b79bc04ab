namespace FracCluster.Ml.Data;

/// <summary>A split manifest that cannot be read or is inconsistent (bad hash, unknown label, repeated file, edited content).</summary>
public sealed class SplitManifestException(string message, Exception? inner = null) : Exception(message, inner);
