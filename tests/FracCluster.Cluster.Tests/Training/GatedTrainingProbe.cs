using System.Collections.Concurrent;
using FracCluster.Grains.Training;

namespace FracCluster.Cluster.Tests.Training;

/// <summary>
/// Barriers at the start of each shard and each epoch, shared by every silo of a test cluster, and a record of every
/// shard written (run, shard, silo). Waits end when the silo stops (its token is cancelled).
/// </summary>
public sealed class GatedTrainingProbe : ITrainingProbe
{
    private readonly object _lock = new();
    private TaskCompletionSource _shards = Open();
    private TaskCompletionSource _epochs = Open();
    private int _blockedEpoch = -1;
    private int _blockedStep = -1;

    public ConcurrentBag<(string Run, int Shard, string Silo)> Written { get; } = [];

    /// <summary>Shards waiting at the barrier, by silo.</summary>
    public ConcurrentDictionary<string, int> WaitingShards { get; } = new(StringComparer.Ordinal);

    public TaskCompletionSource EpochReached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void BlockShards()
    {
        lock (_lock)
            _shards = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void OpenShards()
    {
        lock (_lock)
            _shards.TrySetResult();
    }

    public void BlockEpoch(int epoch) => BlockStep(epoch, -1);

    /// <summary>Fine-tune: hold the coordinator before step <paramref name="step"/> of <paramref name="epoch"/> (-1: at the epoch's start).</summary>
    public void BlockStep(int epoch, int step)
    {
        lock (_lock)
        {
            _blockedEpoch = epoch;
            _blockedStep = step;
            _epochs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            EpochReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void OpenEpochs()
    {
        lock (_lock)
        {
            _blockedEpoch = -1;
            _epochs.TrySetResult();
        }
    }

    public async Task BeforeShardAsync(string runId, int shardIndex, string silo, CancellationToken cancellationToken)
    {
        Task gate;
        lock (_lock)
            gate = _shards.Task;
        if (gate.IsCompleted)
            return;
        WaitingShards.AddOrUpdate(silo, 1, (_, n) => n + 1);
        try
        {
            await gate.WaitAsync(cancellationToken);
        }
        finally
        {
            WaitingShards.AddOrUpdate(silo, 0, (_, n) => n - 1);
        }
    }

    public void ShardWritten(string runId, int shardIndex, string silo) => Written.Add((runId, shardIndex, silo));

    public Task BeforeEpochAsync(string runId, int epoch, string silo, CancellationToken cancellationToken) =>
        WaitAsync(epoch, -1, cancellationToken);

    public Task BeforeStepAsync(string runId, int epoch, int step, string silo, CancellationToken cancellationToken) =>
        WaitAsync(epoch, step, cancellationToken);

    private async Task WaitAsync(int epoch, int step, CancellationToken cancellationToken)
    {
        Task gate;
        lock (_lock)
        {
            if (epoch != _blockedEpoch || step != _blockedStep)
                return;
            gate = _epochs.Task;
            EpochReached.TrySetResult();
        }
        await gate.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource Open()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }
}
