namespace FracCluster.Grains.Training;

public sealed class NullTrainingProbe : ITrainingProbe
{
    public Task BeforeShardAsync(string runId, int shardIndex, string silo, CancellationToken cancellationToken) => Task.CompletedTask;

    public void ShardWritten(string runId, int shardIndex, string silo)
    {
    }

    public Task BeforeEpochAsync(string runId, int epoch, string silo, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task BeforeStepAsync(string runId, int epoch, int step, string silo, CancellationToken cancellationToken) => Task.CompletedTask;
}
