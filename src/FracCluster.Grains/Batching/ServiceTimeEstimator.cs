using FracCluster.Contracts;

namespace FracCluster.Grains.Batching;

/// <summary>
/// How long a new scan would take to get its result, from the work ahead of it in the cluster and the measured time of
/// a full batch on each device. Used to refuse, at once, a scan whose deadline cannot be met.
/// </summary>
/// <remarks>
/// The model: every ready device works through full batches at its measured rate, in parallel. An urgent scan has
/// ahead of it the urgent scans queued and in flight, plus the batch each device is running now (it is never
/// interrupted); a routine scan has everything queued and in flight. Its own batch then takes one more pass.
/// It errs on the long side: work ahead is counted in whole images at the full-batch rate, and small batches are slower
/// per image than that.
/// </remarks>
public static class ServiceTimeEstimator
{
    /// <summary>The estimate in milliseconds; null when no ready device has a measured batch time yet.</summary>
    public static double? EstimateMilliseconds(IReadOnlyList<SiloServing> silos, ScanPriority priority, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        var devices = silos.SelectMany(s => s.Models).Where(m => m.Ready && m.FullBatchMilliseconds is > 0).ToList();
        if (devices.Count == 0)
            return null;

        var imagesPerMillisecond = devices.Sum(m => maxBatchSize / m.FullBatchMilliseconds!.Value);
        var queuedUrgent = silos.Sum(s => Math.Max(0, s.QueuedUrgent));
        var queuedRoutine = silos.Sum(s => Math.Max(0, s.QueuedRoutine));
        double ahead = priority == ScanPriority.Urgent
            ? queuedUrgent + devices.Sum(m => m.InFlightUrgentImages + Math.Min(Math.Max(0, m.InFlightImages - m.InFlightUrgentImages), maxBatchSize))
            : queuedUrgent + queuedRoutine + devices.Sum(m => Math.Max(0, m.InFlightImages));
        var ownPass = devices.Min(m => m.FullBatchMilliseconds!.Value);
        return (ahead / imagesPerMillisecond) + ownPass;
    }
}
