namespace FracCluster.Silo.Options;

/// <summary>The Orleans stream provider behind <c>scans</c> and <c>results</c> (<c>Frac:Streams:Provider</c>).</summary>
public enum StreamsProvider
{
    /// <summary>In-memory streams (embedded default).</summary>
    Memory,

    /// <summary>Azure Queue Storage streams.</summary>
    AzureQueue,
}
