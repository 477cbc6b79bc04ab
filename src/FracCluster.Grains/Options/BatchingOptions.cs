namespace FracCluster.Grains.Options;

/// <summary>Section <c>Frac:Batching</c>: how scans become batches and how much work a silo accepts.</summary>
public sealed class BatchingOptions
{
    public const string Section = "Frac:Batching";

    /// <summary>A batch closes when it holds this many scans.</summary>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>… or this long after its first scan reached the batcher, so a quiet scanner is not starved.</summary>
    public int MaxDelayMs { get; set; } = 20;

    /// <summary>Scans a silo accepts that are not final yet; beyond it the API answers 503 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 512;

    /// <summary>Batches one silo's batcher may have at model grains at once.</summary>
    public int MaxOutstandingBatches { get; set; } = 4;

    /// <summary>Optional default deadline per scan; a scan not started by then becomes Expired. Null: no deadline.</summary>
    public int? ScanDeadlineMs { get; set; }

    /// <summary>
    /// A scan still Pending this long after acceptance is published again (memory streams lose queued events when a
    /// silo dies). Results are first-wins, so a redrive can cost compute but never a second result.
    /// </summary>
    public int PendingRedriveMs { get; set; } = 300_000;

    /// <summary>Redrives before a scan that no model ever served is given a final Rejected ("Unserved") state.</summary>
    public int MaxRedrives { get; set; } = 3;

    public TimeSpan MaxDelay => TimeSpan.FromMilliseconds(MaxDelayMs);
}
