namespace FracCluster.Contracts.Training;

/// <summary>One completed epoch as the run record and the API show it.</summary>
[GenerateSerializer, Immutable, Alias("frac.EpochSummary")]
public sealed record EpochSummary
{
    [Id(0)] public required int Epoch { get; init; }

    [Id(1)] public required double TrainLoss { get; init; }

    [Id(2)] public required double ValidationLoss { get; init; }

    [Id(3)] public required double ValidationAccuracy { get; init; }

    [Id(4)] public required double ValidationRocAuc { get; init; }

    [Id(5)] public required double Seconds { get; init; }

    [Id(6)] public bool IsBest { get; init; }
}
