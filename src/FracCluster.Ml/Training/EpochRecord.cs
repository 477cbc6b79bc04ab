using FracCluster.Ml.Metrics;

namespace FracCluster.Ml.Training;

/// <summary>One completed epoch: mean train loss, validation loss and metrics (threshold 0.5), timing.</summary>
public sealed record EpochRecord
{
    public required int Epoch { get; init; }

    public required double TrainLoss { get; init; }

    public required double ValidationLoss { get; init; }

    public required BinaryMetrics Validation { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Whether this epoch became the best model when it finished.</summary>
    public bool IsBest { get; init; }
}
