using Orleans.Concurrency;

namespace FracCluster.Contracts.Training;

/// <summary>
/// One per training run (key = run id). Keeps the run's durable record and drives it phase by phase in short steps from
/// a grain timer, restarted by a reminder (and the silos' run watchdog) after its silo is lost.
/// </summary>
[Alias("frac.ITrainingCoordinatorGrain")]
public interface ITrainingCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the run; a second call with the same request returns the run as it is (idempotent).</summary>
    [Alias("Start")]
    Task<TrainingRunStatus> StartAsync(TrainingRunRequest request);

    /// <summary>The run record; answered between steps and while a step runs. Null when no run has this id.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<TrainingRunStatus?> GetStatusAsync();

    /// <summary>Stops the run's work on every silo and records it as cancelled (no-op on a finished run).</summary>
    [Alias("Cancel")]
    Task<TrainingRunStatus?> CancelAsync();

    /// <summary>Makes sure an unfinished run's loop is running (activates the coordinator where it was lost).</summary>
    [Alias("EnsureRunning"), AlwaysInterleave]
    Task EnsureRunningAsync();
}
