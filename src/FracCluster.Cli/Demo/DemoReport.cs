using FracCluster.Cli.Streaming;

namespace FracCluster.Cli.Demo;

/// <summary>What a `frac demo` run did: the model it trained (null when a checkpoint was given) and the stream of held-out scans.</summary>
public sealed record DemoReport
{
    public required string Checkpoint { get; init; }

    public DemoTrainingOutcome? Training { get; init; }

    public required int TestScans { get; init; }

    public required StreamSummary Stream { get; init; }

    /// <summary>Share of completed streamed scans whose label equals the ground truth.</summary>
    public required double Agreement { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
