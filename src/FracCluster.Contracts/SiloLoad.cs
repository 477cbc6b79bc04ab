namespace FracCluster.Contracts;

[GenerateSerializer, Immutable, Alias("frac.SiloLoad")]
public sealed record SiloLoad
{
    [Id(0)] public required string Silo { get; init; }

    /// <summary>Scans accepted by this silo and not final yet.</summary>
    [Id(1)] public required int Admitted { get; init; }

    [Id(2)] public required int Capacity { get; init; }

    /// <summary>Scans waiting in this silo's batcher.</summary>
    [Id(3)] public required int Queued { get; init; }
}
