namespace FracCluster.Ml.Inference;

/// <summary>
/// Order of work on a <see cref="DeviceThread"/>: high-priority work (urgent scans) runs before any normal work still
/// queued; a forward pass already running is never interrupted.
/// </summary>
public enum WorkPriority
{
    Normal = 0,
    High = 1,
}
