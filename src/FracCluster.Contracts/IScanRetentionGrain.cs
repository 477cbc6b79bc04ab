namespace FracCluster.Contracts;

/// <summary>
/// One per cluster (key 0): erases scans older than <c>Frac:Retention:Days</c>, on a reminder, and deletes image blobs
/// no record refers to.
/// </summary>
[Alias("frac.IScanRetentionGrain")]
public interface IScanRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the sweep reminder (idempotent); called by each silo host at start.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();

    /// <summary>Runs one sweep now.</summary>
    [Alias("Sweep")]
    Task<RetentionSweep> SweepAsync();
}
