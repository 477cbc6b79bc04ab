namespace FracCluster.Contracts.Dicom;

/// <summary>
/// Which DICOM instance a scan is: set when the scan came in by C-STORE, so its result can be grouped into its study
/// and referenced by the report sent back to the PACS. Null for JPEG/PNG scans.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.DicomInstanceRef")]
public sealed record DicomInstanceRef
{
    [Id(0)] public required string StudyInstanceUid { get; init; }

    [Id(1)] public required string SeriesInstanceUid { get; init; }

    [Id(2)] public required string SopInstanceUid { get; init; }

    [Id(3)] public required string SopClassUid { get; init; }

    /// <summary>The AE title that sent it (the modality or the PACS forwarding for it).</summary>
    [Id(4)] public string? CallingAeTitle { get; init; }
}
