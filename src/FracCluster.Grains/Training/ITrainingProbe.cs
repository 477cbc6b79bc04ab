namespace FracCluster.Grains.Training;

/// <summary>
/// Points where training work starts, for tests that need a barrier (stop a silo while a shard or an epoch is pending)
/// and for counting work done. Production uses <see cref="NullTrainingProbe"/>.
/// </summary>
public interface ITrainingProbe
{
    /// <summary>Before a silo extracts a shard; may wait. Cancelled when the silo stops or the run is cancelled.</summary>
    Task BeforeShardAsync(string runId, int shardIndex, string silo, CancellationToken cancellationToken);

    /// <summary>After a shard's features were written.</summary>
    void ShardWritten(string runId, int shardIndex, string silo);

    /// <summary>Before the coordinator trains epoch <paramref name="epoch"/>; may wait. Cancelled when the silo stops.</summary>
    Task BeforeEpochAsync(string runId, int epoch, string silo, CancellationToken cancellationToken);

    /// <summary>Fine-tune: before the coordinator runs step <paramref name="step"/> (≥ 1) of epoch <paramref name="epoch"/>; may wait.</summary>
    Task BeforeStepAsync(string runId, int epoch, int step, string silo, CancellationToken cancellationToken);
}
