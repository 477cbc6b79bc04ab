namespace FracCluster.Contracts.Training;

/// <summary>
/// Data-parallel fine-tune: (re)load a run's model replica on a worker, from the initial weights (epoch 0) or from the
/// state saved after epoch <see cref="Epoch"/>, so every participant starts the epoch with identical weights and optimizer state.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.ReplicaSync")]
public sealed record ReplicaSync
{
    [Id(0)] public required string RunId { get; init; }

    [Id(1)] public required string Weights { get; init; }

    [Id(2)] public int? ImageSize { get; init; }

    [Id(3)] public required double LearningRate { get; init; }

    [Id(4)] public required string Dataset { get; init; }

    [Id(5)] public required string ManifestKey { get; init; }

    /// <summary>Completed epochs the state is from; 0 = the initial weights and a fresh optimizer.</summary>
    [Id(6)] public required int Epoch { get; init; }

    /// <summary>Blob prefix holding model.dat and optimizer.dat of that epoch; null for epoch 0.</summary>
    [Id(7)] public string? StatePrefix { get; init; }
}
