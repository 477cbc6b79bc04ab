namespace FracCluster.Contracts;

[GenerateSerializer, Immutable, Alias("frac.SubmitOutcome")]
public sealed record SubmitOutcome
{
    [Id(0)] public required SubmitStatus Status { get; init; }

    [Id(1)] public string? ScanId { get; init; }

    [Id(2)] public string? Reason { get; init; }

    [Id(3)] public string? Message { get; init; }

    [Id(4)] public int RetryAfterSeconds { get; init; }

    /// <summary>
    /// Set when a scan was refused because its deadline cannot be met: the estimated time to a result given the work
    /// ahead of it and the measured time per batch (milliseconds).
    /// </summary>
    [Id(5)] public double? EstimatedMilliseconds { get; init; }

    public static SubmitOutcome Invalid(string reason, string message) => new() { Status = SubmitStatus.Invalid, Reason = reason, Message = message };
}
