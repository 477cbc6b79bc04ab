namespace FracCluster.Contracts.Worklist;

/// <summary>A slice of the worklist: the scans whose state changed after the cursor the caller sent.</summary>
[GenerateSerializer, Immutable, Alias("frac.WorklistChanges")]
public sealed record WorklistChanges
{
    /// <summary>The cursor to send next time: the sequence number of the newest change included.</summary>
    [Id(0)] public required long Cursor { get; init; }

    /// <summary>
    /// True when the caller's cursor predates this activation or fell out of the kept window, so it must replace
    /// its list with <see cref="Scans"/> instead of merging them.
    /// </summary>
    [Id(1)] public required bool Reset { get; init; }

    /// <summary>Changed scans, oldest change first; a scan appears once, in its latest state.</summary>
    [Id(2)] public required IReadOnlyList<ScanResult> Scans { get; init; }

    /// <summary>Final results that were not classified, by reason ("Corrupt", "DeadlineExceeded", …), since this activation.</summary>
    [Id(3)] public required IReadOnlyDictionary<string, long> RejectionsByReason { get; init; }
}
