using System.Collections.Concurrent;
using FracCluster.Contracts;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>Sends scans through the Orleans client intake and collects what the <c>results</c> streams deliver.</summary>
public sealed class ScanDriver(IClusterClient client) : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScanResult> _delivered = new();
    private readonly List<StreamSubscriptionHandle<ScanResult>> _subscriptions = [];

    public IReadOnlyList<ScanResult> Delivered => _delivered.ToList();

    public async Task ListenAsync(params string[] scanners)
    {
        foreach (var scanner in scanners)
        {
            var stream = client.GetStreamProvider(FracStreams.Provider).GetStream<ScanResult>(StreamId.Create(FracStreams.Results, scanner));
            _subscriptions.Add(await stream.SubscribeAsync((r, _) =>
            {
                _delivered.Enqueue(r);
                return Task.CompletedTask;
            }));
        }
    }

    public async Task<string> SubmitAsync(string scanner, byte[] image, string? clientScanId = null, ScanPriority priority = ScanPriority.Routine)
    {
        var outcome = await TrySubmitAsync(scanner, image, clientScanId, priority);
        Assert.True(outcome.Status is SubmitStatus.Accepted, $"submit: {outcome.Status} {outcome.Reason} {outcome.Message}");
        return outcome.ScanId!;
    }

    public Task<SubmitOutcome> TrySubmitAsync(string scanner, byte[] image, string? clientScanId = null, ScanPriority priority = ScanPriority.Routine, int? deadlineMs = null) =>
        client.GetGrain<IScanIntakeGrain>(0).SubmitAsync(new ScanSubmission
        {
            ScannerId = scanner,
            Image = image,
            ClientScanId = clientScanId,
            Priority = priority,
            DeadlineMilliseconds = deadlineMs,
        });

    /// <summary>Waits for every scan to reach a final state; returns them in the order given.</summary>
    public async Task<IReadOnlyList<ScanResult>> WaitAllAsync(IEnumerable<string> scanIds, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var results = await Task.WhenAll(scanIds.Select(async id =>
        {
            var grain = client.GetGrain<IScanResultGrain>(id);
            while (true)
            {
                var r = await grain.WaitAsync(TimeSpan.FromSeconds(5));
                if (r is { IsFinal: true })
                    return r;
                if (cts.IsCancellationRequested)
                    throw new TimeoutException($"Scan {id} is still {r?.Status.ToString() ?? "unknown"} after {timeout.TotalSeconds} s.");
            }
        }));
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _subscriptions)
            await s.UnsubscribeAsync();
    }
}
