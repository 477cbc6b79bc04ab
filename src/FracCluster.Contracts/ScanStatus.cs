namespace FracCluster.Contracts;

/// <summary>Where a scan stands. Every accepted scan ends in exactly one of the final states; none disappears.</summary>
public enum ScanStatus
{
    /// <summary>Accepted and queued; no result yet.</summary>
    Pending = 0,

    /// <summary>Classified.</summary>
    Completed = 1,

    /// <summary>The image could not be used (see the reason); its batch-mates are unaffected.</summary>
    Rejected = 2,

    /// <summary>Its deadline passed before a model could serve it.</summary>
    Expired = 3,
}
