namespace FracCluster.Grains.Training;

/// <summary>Section <c>Frac:Training</c>: how the training coordinator paces its steps and how extraction shares a device with inference.</summary>
public sealed class ClusterTrainingOptions
{
    public const string Section = "Frac:Training";

    /// <summary>The coordinator's loop period; each tick runs one bounded step (a dispatch round, one epoch, …).</summary>
    public int TickMilliseconds { get; set; } = 250;

    /// <summary>Shards a silo may hold assigned and unfinished at once; more wait for the next free slot, so a silo that joins gets work.</summary>
    public int MaxShardsPerSilo { get; set; } = 2;

    /// <summary>Shards extracted at once per silo (per device): 1 keeps most of the device free for inference.</summary>
    public int ExtractionConcurrency { get; set; } = 1;

    /// <summary>Before each shard, wait up to this long while this silo's model grains have images in flight.</summary>
    public int MaxInferenceYieldMilliseconds { get; set; } = 2000;

    /// <summary>A shard that failed this many times (on any silos) fails the run.</summary>
    public int MaxShardAttempts { get; set; } = 3;

    /// <summary>Consecutive failed steps (e.g. silos unreachable) before the run is marked failed.</summary>
    public int MaxStepFailures { get; set; } = 40;

    /// <summary>How often each silo's watchdog makes sure every unfinished run's coordinator is active.</summary>
    public int WatchdogSeconds { get; set; } = 5;

    /// <summary>Fine-tune: each step's batch is cut into this many micro-batches, spread over the silos (BatchNorm statistics per micro-batch, whatever the number of silos).</summary>
    public int FineTuneMicroBatches { get; set; } = 4;

    /// <summary>
    /// Fine-tune: gradient payloads larger than this (a worker's micro-batch gradients together, or the averaged update)
    /// travel through the blob store instead of grain calls. Orleans closes the connection on a message body over 100 MB;
    /// B6's gradient alone is 163 MB, B0's 16 MB. The default keeps every payload that fits in the grain calls: on the
    /// local file store both paths measured alike, but on Azure Storage each blob is a write and a read over the network.
    /// </summary>
    public long FineTuneInlineGradientBytes { get; set; } = ClusterTrainingOptionsValidator.MaxInlineGradientBytes;

    /// <summary>Whether a gradient payload of <paramref name="bytes"/> travels in the grain call (else through a blob).</summary>
    public bool FitsInline(long bytes) => bytes <= FineTuneInlineGradientBytes;

    /// <summary>Backbone batch size during extraction.</summary>
    public int InferenceBatchSize { get; set; } = 16;

    /// <summary>Images decoded at once during extraction.</summary>
    public int DecodeParallelism { get; set; } = 2;
}
