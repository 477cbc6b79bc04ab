namespace FracCluster.Contracts;

public enum SubmitStatus
{
    /// <summary>New scan accepted and queued.</summary>
    Accepted = 0,

    /// <summary>A retry of a scan already accepted (same scanner, client scan id and image bytes); nothing was queued twice.</summary>
    Duplicate = 1,

    /// <summary>Refused before queueing: empty, too large, not an image, bad scanner id.</summary>
    Invalid = 2,

    /// <summary>Queues are full; retry after <see cref="SubmitOutcome.RetryAfterSeconds"/>.</summary>
    Busy = 3,

    /// <summary>
    /// The client scan id is already taken by a scan with <em>different</em> image bytes (<see cref="SubmitOutcome.ScanId"/>
    /// names it). Nothing was stored or queued: answering "duplicate" would hand this image another patient's result.
    /// </summary>
    Conflict = 4,
}
