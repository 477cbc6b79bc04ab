using FracCluster.Contracts;
using FracCluster.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace FracCluster.Grains.Batching;

/// <summary>
/// Sends a closed batch to a model grain: scans already past their deadline become Expired here, the rest go to the
/// model grain the router picks; a failed model grain is retried elsewhere, and a batch no model could serve gets a
/// final Rejected state per scan rather than vanishing.
/// </summary>
public sealed partial class BatchDispatcher(IGrainFactory grains, ScanRouter router, FracMetrics metrics, TimeProvider time, ILogger<BatchDispatcher> logger)
{
    private const int MaxAttempts = 3;

    public async Task DispatchAsync(ScanBatch batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = batch.Scans.Where(s => s.Deadline is { } d && d <= now).ToList();
        if (expired.Count > 0)
        {
            await ScanOutcomes.ExpireAsync(grains, expired, now, "The deadline passed while the scan waited for a batch.");
            metrics.Expired(expired.Count);
            batch = batch with { Scans = batch.Scans.Except(expired).ToList() };
            if (batch.Scans.Count == 0)
                return;
        }

        Exception? last = null;
        var urgent = batch.IsUrgent;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var target = await router.PickAsync(batch.Scans.Count, urgent, cancellationToken);
            router.Sent(target.Key, batch.Scans.Count, urgent);
            try
            {
                await grains.GetGrain<IModelGrain>(target.Key).ClassifyAsync(batch);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
                router.Failed(target.Key);
                LogAttemptFailed(logger, ex, batch.BatchId, target.Key, attempt);
            }
            finally
            {
                router.Done(target.Key, batch.Scans.Count, urgent);
            }
        }

        // Results a model grain stored before failing stay: the result grain keeps the first final state.
        var failedAt = time.GetUtcNow();
        await Task.WhenAll(batch.Scans.Select(s => grains.GetGrain<IScanResultGrain>(s.ScanId).CompleteAsync(new ScanResult
        {
            ScanId = s.ScanId,
            ScannerId = s.ScannerId,
            Priority = s.Priority,
            Status = ScanStatus.Rejected,
            Reason = "ServingFailed",
            Message = $"No model grain could serve the batch: {last?.GetType().Name}: {last?.Message}",
            ReceivedAt = s.ReceivedAt,
            CompletedAt = failedAt,
        })));
        foreach (var _ in batch.Scans)
            metrics.Rejected("ServingFailed");
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Batch {BatchId} failed on model grain {ModelKey} (attempt {Attempt})")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string batchId, string modelKey, int attempt);
}
