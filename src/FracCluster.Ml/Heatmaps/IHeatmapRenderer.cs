using FracCluster.Ml.Inference;

namespace FracCluster.Ml.Heatmaps;

/// <summary>
/// Explains encoded images and renders each explanation as a PNG overlay. The seam servers use: bytes in, PNG bytes and
/// a box out, so the cluster needs no TorchSharp types.
/// </summary>
public interface IHeatmapRenderer
{
    /// <summary>
    /// Heatmaps for <paramref name="images"/> in input order, computed at <paramref name="priority"/> on the device
    /// thread; an image that cannot be read gives null. Throws <see cref="NotSupportedException"/> for a model without
    /// convolutional feature maps.
    /// </summary>
    Task<IReadOnlyList<RenderedHeatmap?>> RenderHeatmapsAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> images,
        HeatmapOptions options,
        WorkPriority priority = WorkPriority.Low,
        CancellationToken cancellationToken = default);
}
