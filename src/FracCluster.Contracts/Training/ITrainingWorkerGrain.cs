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
}
