namespace FracCluster.Contracts;

/// <summary>What one retention sweep removed.</summary>
[GenerateSerializer, Immutable, Alias("frac.RetentionSweep")]
public sealed record RetentionSweep
{
    /// <summary>Scans whose image, derived files and record were erased.</summary>
    [Id(0)] public int Erased { get; init; }

    /// <summary>Blobs no record referred to (stored, then the scan failed to register): deleted.</summary>
    [Id(1)] public int Orphans { get; init; }

    /// <summary>Expired scans still pending (left for the next sweep).</summary>
    [Id(2)] public int Pending { get; init; }

    /// <summary>Scans older than this were swept.</summary>
    [Id(3)] public DateTimeOffset Cutoff { get; init; }
}
