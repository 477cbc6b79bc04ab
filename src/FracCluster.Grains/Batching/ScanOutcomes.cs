using FracCluster.Contracts;

namespace FracCluster.Grains.Batching;

/// <summary>Final states written from outside a model grain.</summary>
internal static class ScanOutcomes
{
    public static Task ExpireAsync(IGrainFactory grains, IEnumerable<ScanArrived> scans, DateTimeOffset now, string message) =>
        Task.WhenAll(scans.Select(s => grains.GetGrain<IScanResultGrain>(s.ScanId).CompleteAsync(new ScanResult
        {
            ScanId = s.ScanId,
            ScannerId = s.ScannerId,
            Status = ScanStatus.Expired,
            Reason = "DeadlineExceeded",
            Message = message,
            ReceivedAt = s.ReceivedAt,
            CompletedAt = now,
            QueueMilliseconds = (now - s.ReceivedAt).TotalMilliseconds,
        })));
}
