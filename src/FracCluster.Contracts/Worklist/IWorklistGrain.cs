using Orleans.Concurrency;

namespace FracCluster.Contracts.Worklist;

/// <summary>
/// One per cluster (key <see cref="Key"/>): the most recent scans of every scanner as the web worklist shows them, each
/// in its latest state, with a change sequence so a page can follow the list live. Held in memory only: the scan
/// records stay the source of truth, and a new activation starts with the scans that arrive after it.
/// </summary>
[Alias("frac.IWorklistGrain")]
public interface IWorklistGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Records a scan's new state (accepted as Pending, or final); fire-and-forget so it never slows a scan.</summary>
    [Alias("Record"), OneWay]
    Task RecordAsync(ScanResult scan);

    /// <summary>Drops an erased scan from the list (pages that already show it keep it until they reload).</summary>
    [Alias("Forget"), OneWay]
    Task ForgetAsync(string scanId);

    /// <summary>Entries changed after <paramref name="after"/> (0: the whole list), oldest change first.</summary>
    [Alias("GetChanges")]
    Task<WorklistChanges> GetChangesAsync(long after);

    /// <summary>Final results that were not classified, by reason, since this activation.</summary>
    [Alias("GetRejections")]
    Task<IReadOnlyDictionary<string, long>> GetRejectionsAsync();

    /// <summary>As <see cref="GetChangesAsync"/>, but waits up to <paramref name="timeout"/> for a change when there is none yet.</summary>
    [Alias("WaitForChanges"), AlwaysInterleave]
    Task<WorklistChanges> WaitForChangesAsync(long after, TimeSpan timeout);
}
