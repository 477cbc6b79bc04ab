using FracCluster.Contracts.Dicom;

namespace FracCluster.Contracts;

/// <summary>A scan sent through the Orleans client (in-cluster producers); the HTTP API builds the same internally.</summary>
[GenerateSerializer, Immutable, Alias("frac.ScanSubmission")]
public sealed record ScanSubmission
{
    [Id(0)] public required string ScannerId { get; init; }

    /// <summary>Encoded image (JPEG, PNG, …). Immutable: local calls skip the deep copy.</summary>
    [Id(1)] public required byte[] Image { get; init; }

    /// <summary>Optional id chosen by the scanner; a retry with the same id returns the same scan instead of a new one.</summary>
    [Id(2)] public string? ClientScanId { get; init; }

    /// <summary>Optional per-scan deadline in milliseconds from acceptance.</summary>
    [Id(3)] public int? DeadlineMilliseconds { get; init; }

    /// <summary>Urgent scans are batched and run ahead of routine ones (HTTP: <c>X-Scan-Priority</c>).</summary>
    [Id(4)] public ScanPriority Priority { get; init; }

    /// <summary>Set by the DICOM intake: the instance this scan is (its SOP Instance UID is also the client scan id).</summary>
    [Id(5)] public DicomInstanceRef? Dicom { get; init; }
}
