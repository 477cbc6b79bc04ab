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

    /// <summary>
    /// Batches one silo's batcher may have at model grains at once. More than a device's pipeline lets a silo spill
    /// batches to other silos' model grains (a pod added by the autoscaler gets its share that way); urgent batches do
    /// not wait behind them (they skip the model grain's pipeline limit and run first on the device).
    /// </summary>
    public int MaxOutstandingBatches { get; set; } = 4;

    /// <summary>
    /// Extra batches of urgent scans only that a batcher may send when all <see cref="MaxOutstandingBatches"/> are taken,
    /// so an urgent scan does not wait for a routine batch to finish before it can be sent.
    /// </summary>
    public int UrgentExpressBatches { get; set; } = 2;

    /// <summary>
    /// How long an express batch waits, from its first urgent scan, for more urgent scans sent at the same time, so
    /// they share one forward pass. Short against a pass, which the express batch waits for on the device anyway.
    /// </summary>
    public int UrgentGatherMs { get; set; } = 50;

    public TimeSpan UrgentGather => TimeSpan.FromMilliseconds(UrgentGatherMs);

    /// <summary>
    /// Places of each (non-express) batch kept for routine scans while any are waiting; urgent scans take the rest ahead
    /// of routine ones. This is what keeps routine scans moving under a flood of urgent ones. At most MaxBatchSize - 1,
    /// so every batch has room for an urgent scan.
    /// </summary>
    public int RoutineSharePerBatch { get; set; } = 4;

    /// <summary><see cref="RoutineSharePerBatch"/> as applied: never the whole batch.</summary>
    public int EffectiveRoutineShare => Math.Clamp(RoutineSharePerBatch, 0, Math.Max(0, MaxBatchSize - 1));

    /// <summary>
    /// Close a batch at once when none of this batcher's batches is at a model grain, instead of waiting up to
    /// <see cref="MaxDelayMs"/> for it to fill: the device would only sit idle meanwhile.
    /// </summary>
    public bool CloseWhenDeviceFree { get; set; }

    /// <summary>
    /// Refuse (503) a scan whose deadline cannot be met given the work ahead of it and the measured time per batch,
    /// instead of accepting it and expiring it later.
    /// </summary>
    public bool RefuseUnmeetableDeadlines { get; set; } = true;

    /// <summary>Optional default deadline per scan; a scan not started by then becomes Expired. Null: no deadline.</summary>
    public int? ScanDeadlineMs { get; set; }

    /// <summary>
    /// A scan still Pending this long after acceptance is published again (memory streams lose queued events when a
    /// silo dies). Results are first-wins, so a redrive can cost compute but never a second result.
    /// </summary>
    public int PendingRedriveMs { get; set; } = 300_000;

    /// <summary>Redrives before a scan that no model ever served is given a final Rejected ("Unserved") state.</summary>
    public int MaxRedrives { get; set; } = 3;

    /// <summary>
    /// A scanner's stream consumer (which decides the silo whose batcher gets its scans) is placed again, at random,
    /// after this long, besides when a silo joins: a consumer placed while a new silo was not yet known everywhere would
    /// otherwise never move to it. 0 turns the periodic move off.
    /// </summary>
    public int ConsumerRebalanceSeconds { get; set; } = 300;

    public TimeSpan MaxDelay => TimeSpan.FromMilliseconds(MaxDelayMs);
}
