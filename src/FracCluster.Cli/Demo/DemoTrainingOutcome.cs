using FracCluster.Ml.Training;

namespace FracCluster.Cli.Demo;

/// <summary>What the demo's training step produced: the checkpoint the cluster loads, and the run folder.</summary>
public sealed record DemoTrainingOutcome
{
    /// <summary>Checkpoint reference (without extension) as <c>POST /v1/models/load</c> takes it.</summary>
    public required string Checkpoint { get; init; }

    public required string ModelVersion { get; init; }

    public required string RunDirectory { get; init; }

    public required string ReportPath { get; init; }

    public required TrainingResult Result { get; init; }

    public required TimeSpan TrainingTime { get; init; }
}
