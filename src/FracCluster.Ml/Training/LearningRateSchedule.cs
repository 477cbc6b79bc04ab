namespace FracCluster.Ml.Training;

/// <summary>How the learning rate moves over the epochs of a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate every epoch: the original method.</summary>
    Constant,

    /// <summary>
    /// Cosine decay per epoch from the base rate towards zero (epoch e of E trains at lr · ½(1 + cos(π(e − 1)/E))). A short
    /// from-scratch run gains most in its last, small-step epochs. The rate depends on the epoch and the run's epoch count,
    /// both part of the resume fingerprint, so a resume repeats it exactly.
    /// </summary>
    Cosine,
}
