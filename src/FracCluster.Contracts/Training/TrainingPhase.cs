namespace FracCluster.Contracts.Training;

/// <summary>Where a cluster training run is. Completed, Failed and Cancelled are final.</summary>
[GenerateSerializer, Alias("frac.TrainingPhase")]
public enum TrainingPhase
{
    Split = 0,
    Extract = 1,
    TrainHead = 2,
    Test = 3,
    Publish = 4,
    Completed = 5,
    Failed = 6,
    Cancelled = 7,

    /// <summary>Data-parallel fine-tune over every silo's worker (all layers train).</summary>
    FineTune = 8,
}
