using FracCluster.Imaging;
using FracCluster.Imaging.Heatmaps;
using FracCluster.Ml.Inference;

namespace FracCluster.Ml.Heatmaps;

/// <summary>One image's classification with where the model looked; only the classification when the image was rejected.</summary>
public sealed record ImageHeatmap
{
    public required ImageClassification Classification { get; init; }

    /// <summary>The heatmap at the model input's resolution (InputSize²); null when rejected.</summary>
    public Heatmap? InputHeatmap { get; init; }

    /// <summary>How the input maps back to the source image; null when rejected.</summary>
    public InputGeometry? Geometry { get; init; }

    /// <summary>The top region in source pixels (as a viewer shows the image); null when rejected or the heatmap is empty.</summary>
    public PixelBox? SourceBox { get; init; }

    /// <summary>Time of the heatmap pass (forward + backward through the head) of the batch this image was in.</summary>
    public double HeatmapMilliseconds { get; init; }

    /// <summary>The heatmap at the source image's size and orientation (computed on each call: source images are large).</summary>
    public Heatmap? SourceHeatmap() =>
        InputHeatmap is not null && Geometry is not null ? Geometry.ToSource(InputHeatmap) : null;
}
