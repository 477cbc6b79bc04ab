using FracCluster.Contracts.Dicom;

namespace FracCluster.Contracts;

/// <summary>The state of one scan, stored once per scan id and published on the <c>results</c> stream when final.</summary>
[GenerateSerializer, Immutable, Alias("frac.ScanResult")]
public sealed record ScanResult
{
    [Id(0)] public required string ScanId { get; init; }

    [Id(1)] public required string ScannerId { get; init; }

    [Id(2)] public required ScanStatus Status { get; init; }

    /// <summary>Probability of the fractured class; null unless <see cref="ScanStatus.Completed"/>.</summary>
    [Id(3)] public float? ProbabilityFractured { get; init; }

    [Id(4)] public string? Label { get; init; }

    [Id(5)] public string? ModelVersion { get; init; }

    /// <summary>Why the scan was rejected or expired (an ImageRejectionReason name, "DeadlineExceeded", …).</summary>
    [Id(6)] public string? Reason { get; init; }

    [Id(7)] public string? Message { get; init; }

    /// <summary>From acceptance to the start of the forward pass.</summary>
    [Id(8)] public double QueueMilliseconds { get; init; }

    /// <summary>The forward pass of the batch this scan was part of.</summary>
    [Id(9)] public double ComputeMilliseconds { get; init; }

    [Id(10)] public required DateTimeOffset ReceivedAt { get; init; }

    [Id(11)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Where it ran: "{silo}/{device}".</summary>
    [Id(12)] public string? ServedBy { get; init; }

    [Id(13)] public int BatchSize { get; init; }

    [Id(14)] public ScanPriority Priority { get; init; }

    /// <summary>
    /// SHA-256 (lower-case hex) of the image bytes this record is for, so a client can check that a result belongs to
    /// the image it sent. Null only for records made before it was kept.
    /// </summary>
    [Id(15)] public string? ImageSha256 { get; init; }

    /// <summary>Study, series and SOP Instance UIDs when the scan came in as DICOM; null for JPEG/PNG scans.</summary>
    [Id(16)] public DicomInstanceRef? Dicom { get; init; }

    // Ids 17-29 are left to other additions; heatmap fields start at 30.

    /// <summary>
    /// Where the model looked most, in original pixels; set after completion, when the scan's heatmap has been computed
    /// (at once for P(fractured) at or above <c>Frac:Heatmaps:ProbabilityThreshold</c>, else on the first
    /// <c>GET /v1/scans/{id}/heatmap</c>). Null before, and for a heatmap that is empty.
    /// </summary>
    [Id(30)] public HeatmapBox? HeatmapBox { get; init; }

    public bool IsFinal => Status != ScanStatus.Pending;
}
