using FracCluster.Contracts;
using FracCluster.Grains.Batching;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Options;
using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
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
/// would otherwise get work only once the others' queues overflowed. On a join each consumer draws a silo at random
/// from all of them (its own included, so a third of them move when a third silo joins) and migrates there after the
/// current delivery, with the silo as the placement hint; the scans already handed to the batcher stay there. A plain
/// deactivation is not enough: the stream agent's directory cache still names the old silo, which then activates the
/// consumer again where it was. A consumer also draws again after
/// <see cref="BatchingOptions.ConsumerRebalanceSeconds"/>, for the one that looked while a new silo was not yet known
/// here. A silo counts only once it is active in membership and its manifest has arrived: placement picks among the
/// silos whose manifest it holds, and that comes a moment after membership says Active.
/// </remarks>
[RandomPlacement]
[ImplicitStreamSubscription(FracStreams.Scans)]
public sealed class ScanConsumerGrain(
    ScanBatcher batcher,
    IClusterMembershipService membership,
    IClusterManifestProvider manifests,
    ILocalSiloDetails localSilo,
    IOptions<BatchingOptions> options,
    TimeProvider time)
    : Grain, IScanConsumerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<ScanArrived>
{
    private HashSet<SiloAddress> _silosSeen = PlaceableSilos(membership.CurrentSnapshot, manifests.Current);
    private long _drawnAt = time.GetTimestamp();
    private (MembershipVersion Membership, MajorMinorVersion Manifest) _checkedVersion =
        (membership.CurrentSnapshot.Version, manifests.Current.Version);
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
        if (SiloJoinedSinceLastDraw() || LivedItsTurn())
            DrawSilo();
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<long> GetForwardedAsync() => Task.FromResult(_forwarded);

    private bool SiloJoinedSinceLastDraw()
    {
        // Called on every delivery: the silo set is only looked at again when membership or the manifest changed.
        var snapshot = membership.CurrentSnapshot;
        var manifest = manifests.Current;
        if (snapshot.Version == _checkedVersion.Membership && manifest.Version == _checkedVersion.Manifest)
            return false;
        _checkedVersion = (snapshot.Version, manifest.Version);
        return PlaceableSilos(snapshot, manifest).Any(s => !_silosSeen.Contains(s));
    }

    private bool LivedItsTurn() =>
        options.Value.ConsumerRebalanceSeconds > 0 && time.GetElapsedTime(_drawnAt).TotalSeconds >= options.Value.ConsumerRebalanceSeconds;

    private void DrawSilo()
    {
        _silosSeen = PlaceableSilos(membership.CurrentSnapshot, manifests.Current);
        _drawnAt = time.GetTimestamp();
        var silos = _silosSeen.ToArray();
        if (silos.Length == 0)
            return;
        var target = silos[Random.Shared.Next(silos.Length)];
        if (target.Equals(localSilo.SiloAddress))
            return;
        // MigrateOnIdle captures the request context; the random placement director honours the hint.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        try
        {
            this.MigrateOnIdle();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private static HashSet<SiloAddress> PlaceableSilos(ClusterMembershipSnapshot snapshot, ClusterManifest manifest) =>
        snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && manifest.Silos.ContainsKey(m.SiloAddress))
            .Select(m => m.SiloAddress)
            .ToHashSet();
}
