namespace FracCluster.Ml.Training;

/// <summary>The random stream of one augmentation for one batch: a pure function of (seed, epoch, batch), so a resumed run repeats it.</summary>
internal static class AugmentationRandom
{
    /// <param name="salt">Separates the augmentations' streams, so flips and shifts are drawn independently.</param>
    public static Random For(int seed, int epoch, int batchIndex, int salt) =>
        // Not HashCode.Combine: it is salted per process, which would break the repeatability across runs.
        new(unchecked((((seed * 7919) + epoch) * 104729) + batchIndex + salt));
}
