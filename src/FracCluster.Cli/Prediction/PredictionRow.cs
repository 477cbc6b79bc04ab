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

    /// <summary>The heatmap overlay written for this file (<c>--heatmaps</c>).</summary>
    public string? Heatmap { get; init; }

    /// <summary>The heatmap's top region in the image's pixels (<c>--heatmaps</c>; none when nothing stood out).</summary>
    public BoxRow? Box { get; init; }
}

/// <summary>A box in image pixels, as `frac predict --json` writes it.</summary>
public sealed record BoxRow(int X, int Y, int Width, int Height);
