using Orleans.Concurrency;

namespace FracCluster.Contracts.Training;

/// <summary>
/// One per silo (key = silo address), bound to it: runs feature-extraction shards on that silo's device in the
/// background, one at a time, and answers quickly. A silo that is stopped takes its unfinished shards with it; the
/// coordinator hands them to another silo.
/// </summary>
[Alias("frac.ITrainingWorkerGrain")]
public interface ITrainingWorkerGrain : IGrainWithStringKey
{
    /// <summary>Queues a shard (ignored when this silo already has it queued, running or done).</summary>
    [Alias("StartShard")]
    Task StartShardAsync(FeatureShardWork work);

    /// <summary>The shards of <paramref name="runId"/> this silo knows of.</summary>
    [Alias("GetShards"), AlwaysInterleave]
    Task<IReadOnlyList<ShardReport>> GetShardsAsync(string runId);

    /// <summary>Drops the run's queued shards, stops its running one and frees what the run loaded.</summary>
    [Alias("StopRun"), AlwaysInterleave]
    Task StopRunAsync(string runId);

    /// <summary>Fine-tune: loads the run's replica at the start of an epoch (initial weights or a saved epoch).</summary>
    [Alias("SyncReplica"), ResponseTimeout("00:02:00")]
    Task SyncReplicaAsync(ReplicaSync sync);

    /// <summary>Fine-tune: gradients of this worker's micro-batches of one step. Bounded by the micro-batch size.</summary>
    [Alias("ComputeGradients"), ResponseTimeout("00:02:00")]
    Task<MicroBatchGradients> ComputeGradientsAsync(GradientWork work);

    /// <summary>Fine-tune: applies the averaged step (Adam) and the step's BatchNorm buffers.</summary>
    [Alias("ApplyUpdate"), ResponseTimeout("00:01:00")]
    Task ApplyUpdateAsync(ReplicaUpdate update);

    /// <summary>Fine-tune: writes the replica's weights and optimizer state under <paramref name="prefix"/> (model.dat, optimizer.dat).</summary>
    [Alias("SaveReplica"), ResponseTimeout("00:02:00")]
    Task SaveReplicaAsync(string runId, string prefix);

    /// <summary>Fine-tune: writes the replica as a checkpoint (X.safetensors + X.json) at <paramref name="key"/>.</summary>
    [Alias("SaveReplicaCheckpoint"), ResponseTimeout("00:02:00")]
    Task SaveReplicaCheckpointAsync(string runId, string key, string manifestSha256, IReadOnlyDictionary<string, string> training);

    /// <summary>Fine-tune: scores manifest entries with the replica in eval mode.</summary>
    [Alias("Score"), ResponseTimeout("00:02:00")]
    Task<ScoreResult> ScoreAsync(string runId, IReadOnlyList<int> entries);
}
