namespace FracCluster.Contracts.Dicom;

/// <summary>One instance of a study: which scan it is and, once final, what the model said.</summary>
[GenerateSerializer, Immutable, Alias("frac.DicomStudyInstance")]
public sealed record DicomStudyInstance
{
    [Id(0)] public required DicomInstanceRef Instance { get; init; }

    [Id(1)] public required string ScanId { get; init; }

    [Id(2)] public ScanStatus Status { get; init; }

    [Id(3)] public float? ProbabilityFractured { get; init; }

    [Id(4)] public string? ModelVersion { get; init; }

    /// <summary>Why it was not classified (Rejected/Expired), as on its scan record.</summary>
    [Id(5)] public string? Reason { get; init; }

    /// <summary>The scanner the instance was filed under (from its calling AE), so access can be checked per scanner.</summary>
    [Id(6)] public string? ScannerId { get; init; }

    public bool IsFinal => Status != ScanStatus.Pending;
}
