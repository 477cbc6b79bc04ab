using FracCluster.Contracts;
using Orleans.Runtime;

namespace FracCluster.Grains.Batching;

/// <summary>
/// The cluster's serving load as this silo sees it: the router's view of every silo (at most about a second old), with
/// this silo's own batcher queue read live.
/// </summary>
public sealed class ClusterLoadView(ScanRouter router, ScanBatcher batcher, ILocalSiloDetails silo)
{
    private readonly string _localSilo = silo.SiloAddress.ToParsableString();

    public async Task<IReadOnlyList<SiloServing>> SnapshotAsync(CancellationToken cancellationToken)
    {
        var silos = await router.SnapshotAsync(cancellationToken);
        var urgent = batcher.QueuedUrgent;
        var routine = Math.Max(0, batcher.Queued - urgent);
        return silos.Select(s => s.Silo == _localSilo ? s with { QueuedUrgent = urgent, QueuedRoutine = routine } : s).ToList();
    }
}
