namespace FracCluster.Ml.Reporting;

/// <summary>What a run report says about the run besides its numbers.</summary>
public sealed record RunDescription
{
    public required string Name { get; init; }

    public required string Data { get; init; }

    public required string Model { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    public required int PositiveClass { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public string PositiveName => ClassNames[PositiveClass];

    public string NegativeName => ClassNames[1 - PositiveClass];
}
