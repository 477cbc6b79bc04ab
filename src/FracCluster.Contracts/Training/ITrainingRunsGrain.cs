namespace FracCluster.Contracts.Training;

/// <summary>The list of runs (one grain, key 0, durable): <c>GET /v1/training</c> and the silos' run watchdog read it.</summary>
[Alias("frac.ITrainingRunsGrain")]
public interface ITrainingRunsGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task AddAsync(string runId);

    /// <summary>Run ids, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Runs not yet known to be final.</summary>
    [Alias("ListActive")]
    Task<IReadOnlyList<string>> ListActiveAsync();

    [Alias("MarkFinal")]
    Task MarkFinalAsync(string runId);
}
