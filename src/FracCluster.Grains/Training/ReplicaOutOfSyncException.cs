namespace FracCluster.Grains.Training;

/// <summary>A replica is not at the step a request expects (its silo restarted, or it missed an update): the coordinator re-syncs every replica and repeats the epoch.</summary>
public sealed class ReplicaOutOfSyncException : Exception
{
    public ReplicaOutOfSyncException(string runId)
        : base($"This silo has no fine-tune replica of run {runId}.")
    {
    }

    public ReplicaOutOfSyncException(string runId, int epoch, int step, int expectedEpoch, int expectedStep)
        : base($"The replica of run {runId} is at epoch {epoch} step {step}; the request is for epoch {expectedEpoch} step {expectedStep}.")
    {
    }
}
