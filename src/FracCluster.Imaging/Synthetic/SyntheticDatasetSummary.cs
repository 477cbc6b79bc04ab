namespace FracCluster.Imaging.Synthetic;

/// <summary>What <see cref="SyntheticDatasetWriter"/> wrote.</summary>
public sealed record SyntheticDatasetSummary(
    string Directory,
    int Count,
    int Fractured,
    string CsvPath,
    string? ContactSheetPath,
    TimeSpan Elapsed);
