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
}
