namespace FracCluster.Ml.Data;

/// <summary>A dataset that cannot be used as given: missing source, no images, an empty class, a label outside the class list.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
