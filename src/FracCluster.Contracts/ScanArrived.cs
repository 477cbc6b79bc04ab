using FracCluster.Contracts.Dicom;

namespace FracCluster.Contracts;

/// <summary>
/// The claim-check for one scan: a small reference that travels on the <c>scans</c> stream. The image bytes stay in the
/// blob store under <see cref="BlobRef"/> (memory streams drop events over 1 MiB, Azure queues cap at 64 KiB).
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.ScanArrived")]
public sealed record ScanArrived
{
    [Id(0)] public required string ScanId { get; init; }

    [Id(1)] public required string BlobRef { get; init; }

    [Id(2)] public required string ScannerId { get; init; }

    [Id(3)] public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Hex SHA-256 of the image bytes, so a consumer can prove it read what was sent.</summary>
    [Id(4)] public required string Sha256 { get; init; }

    /// <summary>When set, the scan turns <see cref="ScanStatus.Expired"/> if no model starts on it before this moment.</summary>
    [Id(5)] public DateTimeOffset? Deadline { get; init; }

    /// <summary>The silo that admitted the scan; it gets its admission slot back when the scan reaches a final state.</summary>
    [Id(6)] public string? AdmittedBy { get; init; }

    [Id(7)] public long SizeBytes { get; init; }

    /// <summary>W3C traceparent of the request that accepted the scan, so its path to a result is one trace.</summary>
    [Id(8)] public string? TraceParent { get; init; }

    [Id(9)] public ScanPriority Priority { get; init; }

    /// <summary>The DICOM instance the scan is, when it came in by C-STORE; carried onto its <see cref="ScanResult"/>.</summary>
    [Id(10)] public DicomInstanceRef? Dicom { get; init; }
}
