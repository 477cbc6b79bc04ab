using Orleans.Concurrency;

namespace FracCluster.Contracts;

/// <summary>
/// One per device per silo, keyed "{silo}/{device}" and activated only on that silo. Runs batches on its device.
/// </summary>
[Alias("frac.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Loads the configured model and warms it up, if not done yet.</summary>
    [Alias("EnsureLoaded"), ResponseTimeout("00:15:00")]
    Task<ModelStatus> EnsureLoadedAsync();

    /// <summary>Serves one batch: fetches the images, one forward pass, stores and publishes each result.</summary>
    [Alias("Classify"), ResponseTimeout("00:05:00")]
    Task<BatchOutcome> ClassifyAsync(ScanBatch batch);

    /// <summary>Loads a checkpoint beside the current model and swaps to it; batches in flight finish on the old one.</summary>
    [Alias("LoadModel"), AlwaysInterleave, ResponseTimeout("00:15:00")]
    Task<ModelStatus> LoadModelAsync(string checkpoint);

    /// <summary>
    /// Computes a completed scan's heatmap on this grain's device at low priority (after any classification waiting),
    /// stores the overlay PNG next to the scan's image and its box in the scan's result. A heatmap already being
    /// computed here for the scan is awaited rather than computed twice.
    /// </summary>
    [Alias("ExplainScan"), ResponseTimeout("00:05:00")]
    Task<ScanHeatmap> ExplainScanAsync(string scanId);

    [Alias("GetStatus"), AlwaysInterleave]
    Task<ModelStatus> GetStatusAsync();
}
