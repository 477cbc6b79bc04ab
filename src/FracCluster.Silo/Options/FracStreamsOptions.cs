namespace FracCluster.Silo.Options;

/// <summary>Section <c>Frac:Streams</c>.</summary>
public sealed class FracStreamsOptions
{
    public const string Section = "Frac:Streams";

    public StreamsProvider Provider { get; set; } = StreamsProvider.Memory;

    public string? ConnectionString { get; set; }

    /// <summary>AzureQueue without a connection string: the queue endpoint (https://ACCOUNT.queue.core.windows.net/), reached with the managed identity (<c>Frac:Azure</c>).</summary>
    public string? ServiceUri { get; set; }

    /// <summary>AzureQueue: how often each pulling agent polls its queues. Every poll is a storage request per queue.</summary>
    public int PollIntervalMs { get; set; } = 100;

    /// <summary>
    /// AzureQueue: how long a message read by a silo stays invisible to others. A silo that dies holding messages it
    /// has not delivered gives them back after this time, so keep it short enough for recovery and longer than a delivery.
    /// </summary>
    public int MessageVisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Stream queues (partitions) shared by all scanners.</summary>
    public int QueueCount { get; set; } = 8;
}
