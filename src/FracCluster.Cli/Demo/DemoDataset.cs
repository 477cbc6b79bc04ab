using FracCluster.Ml.Data;

namespace FracCluster.Cli.Demo;

/// <summary>The demo's synthetic dataset and its split: train and validation for training, test for streaming.</summary>
public sealed record DemoDataset
{
    public required string Directory { get; init; }

    /// <summary>True when an identical dataset from an earlier run was reused instead of rendered again.</summary>
    public required bool Reused { get; init; }

    public required BlobDatasetSource Source { get; init; }

    public required SplitManifest Manifest { get; init; }

    public required TimeSpan SynthesisTime { get; init; }

    public int PositiveClass => Ml.Training.TrainingDataset.DefaultPositiveClass(Source.ClassNames);
}
