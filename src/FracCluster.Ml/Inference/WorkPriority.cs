namespace FracCluster.Ml.Inference;

/// <summary>
/// Order of work on a <see cref="DeviceThread"/>: high-priority work (urgent scans) runs before any normal work still
/// queued, and low-priority work (heatmaps) only when neither has anything waiting; a pass already running is never
/// interrupted.
/// </summary>
public enum WorkPriority
{
    /// <summary>Background work (explanations) that must not hold up classification.</summary>
    Low = -1,
    Normal = 0,
    High = 1,
}
