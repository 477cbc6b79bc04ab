namespace FracCluster.Contracts.Training;

[GenerateSerializer, Alias("frac.ShardState")]
public enum ShardState
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}
