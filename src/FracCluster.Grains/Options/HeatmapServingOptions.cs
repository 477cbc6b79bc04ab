using FracCluster.Ml.Heatmaps;

namespace FracCluster.Grains.Options;

/// <summary>
/// Section <c>Frac:Heatmaps</c>: which scans get their Grad-CAM heatmap computed as soon as they are classified. The
/// others get one on demand (<c>GET /v1/scans/{id}/heatmap</c>). A heatmap costs about one more forward pass, so it
/// is spent first where a reader will look: the scans the model calls fractured.
/// </summary>
public sealed class HeatmapServingOptions
{
    public const string Section = "Frac:Heatmaps";

    /// <summary>Off: no heatmap is computed after classification (on demand still works).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Completed scans with P(fractured) at or above this get their heatmap right after classification; 0 = every scan.</summary>
    public double ProbabilityThreshold { get; set; } = 0.5;

    public CamMethod Method { get; set; } = CamMethod.GradCam;

    /// <summary>
    /// Scans a model grain keeps waiting for a heatmap after classification. Heatmaps run only when no classification
    /// waits for the device, so under sustained load they can fall behind; past this, scans are left to on demand
    /// rather than holding their image bytes in memory without bound.
    /// </summary>
    public int MaxPending { get; set; } = 256;
}
