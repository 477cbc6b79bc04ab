namespace FracCluster.Contracts;

/// <summary>
/// Where the model looked most for one scan: the top region of its heatmap, in the original image's pixels (after its
/// EXIF orientation, as a viewer shows it), and how the heatmap was made.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.HeatmapBox")]
public sealed record HeatmapBox
{
    [Id(0)] public required int X { get; init; }

    [Id(1)] public required int Y { get; init; }

    [Id(2)] public required int Width { get; init; }

    [Id(3)] public required int Height { get; init; }

    /// <summary>"GradCam" or "GradCamPlusPlus".</summary>
    [Id(4)] public required string Method { get; init; }

    /// <summary>The model version that made the heatmap (after a model swap it may differ from the result's).</summary>
    [Id(5)] public string? ModelVersion { get; init; }
}
