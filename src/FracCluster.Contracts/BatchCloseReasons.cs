namespace FracCluster.Contracts;

/// <summary>Why a batcher closed a batch (<see cref="ScanBatch.ClosedBecause"/>, and the <c>reason</c> tag of the batch metric).</summary>
public static class BatchCloseReasons
{
    /// <summary>It reached the maximum batch size.</summary>
    public const string Full = "full";

    /// <summary>The maximum delay since its first scan passed.</summary>
    public const string Delay = "delay";

    /// <summary>No batch of this batcher was at a model grain: waiting to fill it would only leave the device idle.</summary>
    public const string DeviceFree = "device-free";

    /// <summary>An urgent scan was waiting: closed at once instead of waiting to fill.</summary>
    public const string Urgent = "urgent";

    /// <summary>The silo is stopping and hands its queue to the cluster.</summary>
    public const string Shutdown = "shutdown";
}
