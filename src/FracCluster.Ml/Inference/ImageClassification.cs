namespace FracCluster.Ml.Inference;

/// <summary>The outcome for one image of a batch: classified, or rejected with a reason (its batch-mates unaffected).</summary>
public sealed record ImageClassification
{
    public required bool Rejected { get; init; }

    /// <summary>Probability of the positive (fractured) class; NaN when rejected.</summary>
    public float ProbabilityFractured { get; init; } = float.NaN;

    /// <summary>Predicted class name; null when rejected.</summary>
    public string? Label { get; init; }

    /// <summary>Set when rejected: the ImageRejectionReason name, e.g. "Truncated".</summary>
    public string? RejectionReason { get; init; }

    public string? RejectionMessage { get; init; }

    /// <summary>Decode + preprocess time of this image.</summary>
    public double DecodeMilliseconds { get; init; }

    /// <summary>Forward-pass time of the whole batch this image was part of.</summary>
    public double ComputeMilliseconds { get; init; }
}
