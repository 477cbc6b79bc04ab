using Orleans.Concurrency;

namespace FracCluster.Contracts;

/// <summary>One per scan id: the single record of that scan's fate. Idempotent: the first final result wins.</summary>
[Alias("frac.IScanResultGrain")]
public interface IScanResultGrain : IGrainWithStringKey
{
    /// <summary>Records a newly accepted scan as Pending, or returns the existing record for a retried one.</summary>
    [Alias("Register")]
    Task<RegisterOutcome> RegisterAsync(ScanArrived scan);

    /// <summary>Stores a final result once; later calls for the same scan are ignored. True when this call stored it.</summary>
    [Alias("Complete")]
    Task<bool> CompleteAsync(ScanResult result);

    /// <summary>The current record, or null for an unknown scan id.</summary>
    [Alias("Get")]
    Task<ScanResult?> GetAsync();

    /// <summary>Waits up to <paramref name="timeout"/> (capped below the call timeout) for a final result.</summary>
    [Alias("Wait"), AlwaysInterleave]
    Task<ScanResult?> WaitAsync(TimeSpan timeout);

    /// <summary>The scan as it arrived (image blob key and hash), or null for an unknown scan id.</summary>
    [Alias("GetArrival")]
    Task<ScanArrived?> GetArrivalAsync();

    /// <summary>
    /// Adds the heatmap's box to a completed result (the overlay itself is in the blob store). The result is not
    /// published again: the box is read with the record. False when the scan is not completed.
    /// </summary>
    [Alias("AttachHeatmap")]
    Task<bool> AttachHeatmapAsync(HeatmapBox? box);

    /// <summary>
    /// Removes everything kept about a final scan: its image bytes and heatmap overlay in the blob store, then the
    /// record itself (PHI retention, <c>DELETE /v1/scans/{id}</c>). Bytes go first, so a failure leaves a record that
    /// still names them and the erase can be repeated.
    /// </summary>
    [Alias("Erase")]
    Task<EraseOutcome> EraseAsync();
}
