namespace FracCluster.Contracts.Dicom;

/// <summary>The report of a study at one destination: tries so far, the last failure, when the next try is due.</summary>
[GenerateSerializer, Immutable, Alias("frac.DicomStudyExport")]
public sealed record DicomStudyExport
{
    /// <summary>"AE@host:port".</summary>
    [Id(0)] public required string Destination { get; init; }

    [Id(1)] public DicomExportStatus Status { get; init; }

    [Id(2)] public int Attempts { get; init; }

    [Id(3)] public string? LastError { get; init; }

    [Id(4)] public DateTimeOffset? NextAttemptAt { get; init; }

    [Id(5)] public DateTimeOffset? SentAt { get; init; }

    /// <summary>The SOP Instance UID of the Structured Report sent (derived from the result: a resend is a duplicate at the PACS).</summary>
    [Id(6)] public string? ReportSopInstanceUid { get; init; }
}
