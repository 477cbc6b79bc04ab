using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

/// <summary>What the cluster said to one scan submission.</summary>
public sealed record SubmitReply(SubmitStatus Status, string? ScanId, TimeSpan RetryAfter, string? Detail);
