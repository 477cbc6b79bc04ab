namespace FracCluster.Contracts;

/// <summary>What <see cref="IScanResultGrain.EraseAsync"/> did.</summary>
public enum EraseOutcome
{
    /// <summary>No record of that scan (never accepted, or already erased).</summary>
    NotFound,

    /// <summary>The scan is still being classified; erase it once it is final.</summary>
    Pending,

    /// <summary>Image bytes, derived files (the heatmap overlay) and the record are gone.</summary>
    Erased,
}
