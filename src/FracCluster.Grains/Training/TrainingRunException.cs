namespace FracCluster.Grains.Training;

/// <summary>A run cannot go on (a shard keeps failing, the saved state is not what the record says): the run fails with this message.</summary>
public sealed class TrainingRunException(string message) : Exception(message);
