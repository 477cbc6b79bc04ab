using FracCluster.Contracts;
using FracCluster.Grains.Batching;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace FracCluster.Grains;

/// <summary>
/// Implicit subscriber of one scanner's <c>scans</c> stream (grain key = scanner id): hands each scan reference to
/// the batcher of the silo it runs on. If that batcher is full the delivery waits, which holds the stream back instead
/// of dropping scans.
/// </summary>
[ImplicitStreamSubscription(FracStreams.Scans)]
public sealed class ScanConsumerGrain(ScanBatcher batcher) : Grain, IScanConsumerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<ScanArrived>
{
    private long _forwarded;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<ScanArrived>();
        await handle.ResumeAsync(this);
    }

    public async Task OnNextAsync(IList<SequentialItem<ScanArrived>> items)
    {
        foreach (var item in items)
        {
            await batcher.EnqueueAsync(item.Item);
            _forwarded++;
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<long> GetForwardedAsync() => Task.FromResult(_forwarded);
}
