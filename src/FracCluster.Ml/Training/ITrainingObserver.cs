namespace FracCluster.Ml.Training;

/// <summary>Hooks for progress bars, run reports and tests. Called on the training thread; keep them quick.</summary>
public interface ITrainingObserver
{
    void OnProgress(ProgressTick tick)
    {
    }

    /// <summary>After the epoch's state was saved: cancelling here leaves a run that resumes after this epoch.</summary>
    void OnEpochCompleted(EpochRecord record, IReadOnlyList<EpochRecord> history)
    {
    }

    void OnCompleted(TrainingResult result)
    {
    }
}
