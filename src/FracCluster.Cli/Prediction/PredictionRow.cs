namespace FracCluster.Cli.Prediction;

/// <summary>One line of `frac predict` output.</summary>
public sealed record PredictionRow
{
    public required string File { get; init; }

    public required PredictionStatus Status { get; init; }

    /// <summary>Probability of the positive (fractured) class; null unless <see cref="Status"/> is Ok.</summary>
    public float? ProbabilityFractured { get; init; }

    public string? Label { get; init; }

    /// <summary>This image's decode time plus its share of the batch's forward pass.</summary>
    public double Milliseconds { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? ModelVersion { get; init; }
}
