using Orleans.Concurrency;

namespace FracCluster.Contracts;

/// <summary>The durable, cluster-wide record of the approved model (a single grain, key 0).</summary>
public interface ICurrentModelGrain : IGrainWithIntegerKey
{
    /// <summary>Null until a model was ever set; model grains then serve <c>Frac:Models:Checkpoint</c>.</summary>
    [AlwaysInterleave]
    Task<CurrentModel?> GetAsync();

    /// <summary>Makes <paramref name="checkpoint"/> the approved model (a new revision, the old one kept for rollback).</summary>
    Task<CurrentModel> SetAsync(string checkpoint, string? modelVersion, string setBy);

    /// <summary>Fills in the version the model grains reported for <paramref name="revision"/>; null (and no change) if the record moved on.</summary>
    Task<CurrentModel?> SetVersionAsync(long revision, string? modelVersion);

    /// <summary>Returns to the model before the current one (a new revision); null when there is none to return to.</summary>
    Task<CurrentModel?> RollbackAsync(string setBy);
}
