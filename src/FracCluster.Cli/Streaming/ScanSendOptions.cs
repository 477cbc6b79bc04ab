using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

/// <summary>What a scanner says about one scan besides its bytes: how urgent it is and by when its result is useful.</summary>
public sealed record ScanSendOptions
{
    public static ScanSendOptions Routine { get; } = new();

    public ScanPriority Priority { get; init; }

    /// <summary>Milliseconds from acceptance; the cluster refuses the scan at once when it cannot make it.</summary>
    public int? DeadlineMilliseconds { get; init; }
}
