namespace FracCluster.Contracts;

public enum SubmitStatus
{
    /// <summary>New scan accepted and queued.</summary>
    Accepted = 0,

    /// <summary>A retry of a scan already accepted (same scanner and client scan id); nothing was queued twice.</summary>
    Duplicate = 1,

    /// <summary>Refused before queueing: empty, too large, not an image, bad scanner id.</summary>
    Invalid = 2,

    /// <summary>Queues are full; retry after <see cref="SubmitOutcome.RetryAfterSeconds"/>.</summary>
    Busy = 3,
}
