using FracCluster.Contracts.Training;
using FracCluster.Grains.Placement;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;

namespace FracCluster.Grains.Training;

/// <summary>
/// A silo's training worker (key = silo address), bound to that silo. Stateless and reentrant: it hands shards to the
/// silo's <see cref="FeatureShardRunner"/> and answers at once, so no call waits on extraction.
/// </summary>
[SiloBoundPlacement, Immovable, Reentrant]
public sealed class TrainingWorkerGrain(ILocalSiloDetails silo, FeatureShardRunner runner) : Grain, ITrainingWorkerGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!SiloKeys.SiloOf(key).Equals(silo.SiloAddress))
            throw new SiloBindingException($"Training worker '{key}' belongs to another silo; this is {silo.SiloAddress}.");
        return Task.CompletedTask;
    }

    public Task StartShardAsync(FeatureShardWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        runner.Start(work);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ShardReport>> GetShardsAsync(string runId) => Task.FromResult(runner.Reports(runId));

    public Task StopRunAsync(string runId)
    {
        runner.StopRun(runId);
        return Task.CompletedTask;
    }
}
