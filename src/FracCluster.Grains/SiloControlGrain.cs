using FracCluster.Contracts;
using FracCluster.Grains.Batching;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Models;
using FracCluster.Grains.Placement;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;

namespace FracCluster.Grains;

/// <summary>
/// A silo's remote handle (key = silo address), bound to that silo. It keeps no state of its own, only reads and
/// updates the silo's thread-safe services, so it is reentrant: a long model swap does not hold up admission releases.
/// </summary>
[SiloBoundPlacement, Immovable, Reentrant]
public sealed class SiloControlGrain(ILocalSiloDetails silo, LocalModelRegistry registry, ScanAdmission admission, ScanBatcher batcher) : Grain, ISiloControlGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!SiloKeys.SiloOf(key).Equals(silo.SiloAddress))
            throw new SiloBindingException($"Control grain '{key}' belongs to another silo; this is {silo.SiloAddress}.");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ModelStatus>> GetModelsAsync() => Task.FromResult(registry.Snapshot());

    public Task<SiloServing> GetServingAsync()
    {
        var urgent = batcher.QueuedUrgent;
        return Task.FromResult(new SiloServing
        {
            Silo = silo.SiloAddress.ToParsableString(),
            Models = registry.Snapshot(),
            QueuedUrgent = urgent,
            QueuedRoutine = Math.Max(0, batcher.Queued - urgent),
        });
    }

    public async Task<IReadOnlyList<ModelStatus>> LoadModelAsync(string checkpoint) =>
        await Task.WhenAll(registry.Devices.Select(d => GrainFactory.GetGrain<IModelGrain>(registry.KeyFor(d)).LoadModelAsync(checkpoint)));

    public Task ReleaseAdmissionsAsync(int count)
    {
        admission.Release(count);
        return Task.CompletedTask;
    }

    public Task<SiloLoad> GetLoadAsync() => Task.FromResult(new SiloLoad
    {
        Silo = silo.SiloAddress.ToParsableString(),
        Admitted = admission.Admitted,
        Capacity = admission.Capacity,
        Queued = batcher.Queued,
    });
}
