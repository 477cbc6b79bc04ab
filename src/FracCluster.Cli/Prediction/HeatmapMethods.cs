using FracCluster.Ml.Heatmaps;

namespace FracCluster.Cli.Prediction;

/// <summary>The CLI's names for <see cref="CamMethod"/>.</summary>
public static class HeatmapMethods
{
    public static CamMethod? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "gradcam" or "grad-cam" => CamMethod.GradCam,
        "gradcam++" or "grad-cam++" or "gradcampp" => CamMethod.GradCamPlusPlus,
        _ => null,
    };
}
