namespace FracCluster.Contracts.Training;

/// <summary>What <c>POST /v1/training</c> asks for. Defaults reproduce the original method (20 epochs, batch 16, Adam 0.001).</summary>
[GenerateSerializer, Immutable, Alias("frac.TrainingRunRequest")]
public sealed record TrainingRunRequest
{
    /// <summary>Dataset: a folder every silo can read, or blob:PREFIX in the cluster's blob store (FracAtlas or class-per-folder layout).</summary>
    [Id(0)] public required string Dataset { get; init; }

    /// <summary>Initial weights: a checkpoint blob key (X for X.safetensors + X.json) or a path every silo can read.</summary>
    [Id(1)] public required string Weights { get; init; }

    /// <summary>"linear-probe" (frozen backbone, cached features) or "fine-tune".</summary>
    [Id(2)] public string Mode { get; init; } = TrainingModes.LinearProbe;

    [Id(3)] public int Epochs { get; init; } = 20;

    [Id(4)] public int BatchSize { get; init; } = 16;

    [Id(5)] public double LearningRate { get; init; } = 0.001;

    [Id(6)] public int Seed { get; init; } = 42;

    /// <summary>Roll the best model out to every model grain when the run has finished.</summary>
    [Id(7)] public bool Publish { get; init; }

    /// <summary>Input size; null keeps the checkpoint's preprocessing.</summary>
    [Id(8)] public int? ImageSize { get; init; }

    /// <summary>Images per feature-extraction shard: small shards keep each unit of work short, so inference is not held up long.</summary>
    [Id(9)] public int ShardSize { get; init; } = 32;

    /// <summary>Optional display name.</summary>
    [Id(10)] public string? Name { get; init; }
}
