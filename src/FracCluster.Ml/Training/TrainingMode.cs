namespace FracCluster.Ml.Training;

public enum TrainingMode
{
    /// <summary>Frozen backbone in eval mode, features cached once per image, only the head (dropout + linear) trains.</summary>
    LinearProbe,

    /// <summary>Every layer trainable (or the last K backbone blocks), BatchNorm in train mode: what the seed code did.</summary>
    FineTune,
}
