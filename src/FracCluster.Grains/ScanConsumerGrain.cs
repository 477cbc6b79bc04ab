using FracCluster.Contracts;
using FracCluster.Grains.Batching;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace FracCluster.Grains;

/// <summary>
/// Implicit subscriber of one scanner's <c>scans</c> stream (grain key = scanner id): hands each scan reference to
/// the batcher of the silo it runs on. If that batcher is full the delivery waits, which holds the stream back instead
/// of dropping scans.
/// </summary>
/// <remarks>
/// Where this grain lives decides which silo's batcher (and so, at light load, which model grain) a scanner's scans
/// reach, so consumers are spread at random over the silos and move when a silo joins: a pod added by a scale-out
/// would otherwise get work only once the others' queues overflowed. Moving is a deactivation after the current
/// delivery (the scans already handed to the batcher stay there); the next delivery activates the grain afresh. A
/// consumer also moves after <see cref="BatchingOptions.ConsumerRebalanceSeconds"/>, for the one placed while a new
/// silo was not yet known to the silo that placed it.
/// </remarks>
[RandomPlacement]
[ImplicitStreamSubscription(FracStreams.Scans)]
public sealed class ScanConsumerGrain(ScanBatcher batcher, IClusterMembershipService membership, IOptions<BatchingOptions> options, TimeProvider time)
    : Grain, IScanConsumerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<ScanArrived>
{
    private readonly HashSet<SiloAddress> _silosAtActivation = ActiveSilos(membership.CurrentSnapshot);
    private readonly long _activatedAt = time.GetTimestamp();
    private MembershipVersion _checkedVersion = membership.CurrentSnapshot.Version;
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
        if (SiloJoinedSinceActivation() || LivedItsTurn())
            DeactivateOnIdle();
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<long> GetForwardedAsync() => Task.FromResult(_forwarded);

    private bool SiloJoinedSinceActivation()
    {
        // Called on every delivery: the silo set is only looked at again when membership changed.
        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Version == _checkedVersion)
            return false;
        _checkedVersion = snapshot.Version;
        return snapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !_silosAtActivation.Contains(m.SiloAddress));
    }

    private bool LivedItsTurn() =>
        options.Value.ConsumerRebalanceSeconds > 0 && time.GetElapsedTime(_activatedAt).TotalSeconds >= options.Value.ConsumerRebalanceSeconds;

    private static HashSet<SiloAddress> ActiveSilos(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
}
