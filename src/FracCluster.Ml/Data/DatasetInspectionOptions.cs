using FracCluster.Imaging;

namespace FracCluster.Ml.Data;

public sealed class DatasetInspectionOptions
{
    /// <summary>Decode every image fully (finds corruption inside the pixel data; slower).</summary>
    public bool FullDecode { get; init; }

    public int MaxParallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public ImageLimits Limits { get; init; } = new();
}
