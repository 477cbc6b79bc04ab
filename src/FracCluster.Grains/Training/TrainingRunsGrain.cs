using FracCluster.Contracts;
using FracCluster.Contracts.Training;

namespace FracCluster.Grains.Training;

/// <summary>The durable list of runs (key 0).</summary>
public sealed class TrainingRunsGrain(
    [PersistentState("runs", FracStorageNames.Training)] IPersistentState<TrainingRunsState> state) : Grain, ITrainingRunsGrain
{
    public async Task AddAsync(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (state.State.Runs.Contains(runId, StringComparer.Ordinal))
            return;
        state.State.Runs.Add(runId);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Runs.ToList());

    public Task<IReadOnlyList<string>> ListActiveAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Runs.Where(r => !state.State.Final.Contains(r)).ToList());

    public async Task MarkFinalAsync(string runId)
    {
        if (state.State.Final.Add(runId))
            await state.WriteStateAsync();
    }
}
