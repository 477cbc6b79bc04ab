namespace FracCluster.Silo.Options;

/// <summary>Section <c>Frac:Streams</c>.</summary>
public sealed class FracStreamsOptions
{
    public const string Section = "Frac:Streams";

    public StreamsProvider Provider { get; set; } = StreamsProvider.Memory;

    public string? ConnectionString { get; set; }

    /// <summary>Stream queues (partitions) shared by all scanners.</summary>
    public int QueueCount { get; set; } = 8;
}
