namespace FracCluster.Contracts;

/// <summary>The answer of <see cref="IModelGrain.ExplainScanAsync"/>: where the overlay PNG is stored, and its box.</summary>
[GenerateSerializer, Immutable, Alias("frac.ScanHeatmap")]
public sealed record ScanHeatmap
{
    [Id(0)] public required ScanHeatmapStatus Status { get; init; }

    /// <summary>The overlay's blob key when <see cref="ScanHeatmapStatus.Stored"/>.</summary>
    [Id(1)] public string? BlobKey { get; init; }

    /// <summary>The top region; null when not stored or the heatmap is empty.</summary>
    [Id(2)] public HeatmapBox? Box { get; init; }

    [Id(3)] public string? Message { get; init; }
}
