using FracCluster.Imaging;

namespace FracCluster.Ml.Heatmaps;

/// <summary>
/// One image's heatmap as a server hands it out: the PNG overlay at the original image's size and orientation, and the
/// top region in original pixels. Plain bytes and numbers, so callers outside the ML core never touch a tensor.
/// </summary>
public sealed record RenderedHeatmap
{
    /// <summary>The overlay (<see cref="FracCluster.Imaging.Heatmaps.HeatmapOverlay"/>) encoded as PNG.</summary>
    public required byte[] Png { get; init; }

    /// <summary>The overlay's size: the source image's, after its EXIF orientation.</summary>
    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>The top region in source pixels; null when the class score rises nowhere (an all-zero heatmap).</summary>
    public PixelBox? Box { get; init; }

    public required CamMethod Method { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>P(fractured) from the heatmap's own forward pass (the same model gives the same value as classification).</summary>
    public required float ProbabilityFractured { get; init; }

    /// <summary>Time of the heatmap pass of the batch this image was in (rendering the PNG not included).</summary>
    public required double HeatmapMilliseconds { get; init; }
}
