using FracCluster.Imaging;

namespace FracCluster.Ml.Data;

/// <summary>An image of a dataset that cannot be used, with the reason.</summary>
public sealed record UnreadableImage(string Path, string Label, ImageRejectionReason Reason, string Message);
