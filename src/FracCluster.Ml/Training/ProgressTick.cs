namespace FracCluster.Ml.Training;

/// <summary>Progress of one stage ("features", "epoch 3/20", "test"): units done out of a total.</summary>
public readonly record struct ProgressTick(string Stage, long Done, long Total);
