using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

public sealed record ScannerSimulatorOptions
{
    public required int Scanners { get; init; }

    /// <summary>Images per second over all scanners.</summary>
    public required double Rate { get; init; }

    /// <summary>Scans to send (the folder's images are reused round-robin when this is larger).</summary>
    public required int Count { get; init; }

    public string ScannerPrefix { get; init; } = "scanner";

    public int MaxConcurrentSends { get; init; } = 64;

    /// <summary>Attempts per scan when the cluster answers busy (503/429).</summary>
    public int MaxAttempts { get; init; } = 30;

    /// <summary>Priority every scan of this run is sent with.</summary>
    public ScanPriority Priority { get; init; }

    /// <summary>Deadline every scan of this run is sent with (ms from acceptance); null: none.</summary>
    public int? DeadlineMilliseconds { get; init; }

    /// <summary>How long to wait for the last results after the last send.</summary>
    public TimeSpan ResultTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
