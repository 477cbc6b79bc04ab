namespace FracCluster.Contracts.Dicom;

/// <summary>
/// A study as <c>GET /v1/studies/{studyInstanceUid}</c> shows it: its instances with their probabilities, and once
/// stable the verdict (the most suspicious instance decides), the model version and the report's export state.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.DicomStudyResult")]
public sealed record DicomStudyResult
{
    [Id(0)] public required string StudyInstanceUid { get; init; }

    [Id(1)] public DicomStudyStatus Status { get; init; }

    [Id(2)] public IReadOnlyList<DicomStudyInstance> Instances { get; init; } = [];

    /// <summary>Null until stable, or when no instance could be classified.</summary>
    [Id(3)] public bool? FracturePresent { get; init; }

    [Id(4)] public float? HighestProbability { get; init; }

    /// <summary>SOP Instance UID of the instance with the highest probability.</summary>
    [Id(5)] public string? MostSuspiciousSopInstanceUid { get; init; }

    /// <summary>Model version of the classified instances (the most suspicious one's when a swap split the study).</summary>
    [Id(6)] public string? ModelVersion { get; init; }

    [Id(7)] public DateTimeOffset FirstInstanceAt { get; init; }

    /// <summary>The last time an instance arrived or became final; the quiet period counts from here.</summary>
    [Id(8)] public DateTimeOffset LastChangeAt { get; init; }

    [Id(9)] public DateTimeOffset? StableAt { get; init; }

    [Id(10)] public IReadOnlyList<DicomStudyExport> Exports { get; init; } = [];

    public bool IsStable => Status != DicomStudyStatus.Receiving;
}
