namespace FracCluster.Contracts;

/// <summary>Answer of <see cref="IScanResultGrain.RegisterAsync"/>: whether this was the first registration, and the current state.</summary>
[GenerateSerializer, Immutable, Alias("frac.RegisterOutcome")]
public sealed record RegisterOutcome
{
    [Id(0)] public required bool IsNew { get; init; }

    [Id(1)] public required ScanResult Current { get; init; }

    /// <summary>Where the already registered scan's bytes are (set when <see cref="IsNew"/> is false).</summary>
    [Id(2)] public string? ExistingBlobRef { get; init; }
}
