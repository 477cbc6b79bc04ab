using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

/// <summary>What the cluster said to one scan submission; <paramref name="Reason"/> names a refusal (Busy, DeadlineUnmeetable, …).</summary>
public sealed record SubmitReply(SubmitStatus Status, string? ScanId, TimeSpan RetryAfter, string? Detail, string? Reason = null);
