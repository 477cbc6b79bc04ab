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

    /// <summary>Images in the forward pass this image was part of (its share of compute is ComputeMilliseconds / this); 0 when rejected.</summary>
    public int ForwardBatchSize { get; init; }

    /// <summary>The model version that classified the image (CheckpointMetadata.VersionLabel); null when rejected. Matters across model swaps.</summary>
    public string? ModelVersion { get; init; }
}
