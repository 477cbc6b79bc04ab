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
public sealed class TrainingWorkerGrain(ILocalSiloDetails silo, FeatureShardRunner runner, FineTuneReplicas replicas, SiloStopping stopping) : Grain, ITrainingWorkerGrain
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
        replicas.Drop(runId);
        return Task.CompletedTask;
    }

    public Task SyncReplicaAsync(ReplicaSync sync) => replicas.SyncAsync(sync, stopping.Token);

    public Task<MicroBatchGradients> ComputeGradientsAsync(GradientWork work) => replicas.ComputeAsync(work, stopping.Token);

    public Task ApplyUpdateAsync(ReplicaUpdate update) => replicas.ApplyAsync(update, stopping.Token);

    public Task SaveReplicaAsync(string runId, string prefix) => replicas.SaveStateAsync(runId, prefix, stopping.Token);

    public Task SaveReplicaCheckpointAsync(string runId, string key, string manifestSha256, IReadOnlyDictionary<string, string> training) =>
        replicas.SaveCheckpointAsync(runId, key, manifestSha256, training, stopping.Token);

    public Task<ScoreResult> ScoreAsync(string runId, IReadOnlyList<int> entries) => replicas.ScoreAsync(runId, entries, stopping.Token);
}
