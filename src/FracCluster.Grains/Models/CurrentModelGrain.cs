using FracCluster.Contracts;
using Microsoft.Extensions.Logging;

namespace FracCluster.Grains.Models;

/// <summary>
/// Keeps the approved model in grain storage, so a silo that starts after a model was loaded or published (a scale-out
/// pod, a restart) serves that model rather than its own configured checkpoint. Model grains read it when they load and
/// on every keep-alive (<see cref="ModelGrainStarter"/>), and reload when its revision moves.
/// </summary>
public sealed partial class CurrentModelGrain(
    [PersistentState("current", FracStorageNames.Models)] IPersistentState<CurrentModelState> state,
    TimeProvider time,
    ILogger<CurrentModelGrain> logger) : Grain, ICurrentModelGrain
{
    /// <summary>How many replaced models are kept to roll back to.</summary>
    public const int HistoryDepth = 10;

    public Task<CurrentModel?> GetAsync() => Task.FromResult(state.State.Current);

    public async Task<CurrentModel> SetAsync(string checkpoint, string? modelVersion, string setBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(setBy);
        var previous = state.State.Current;
        var next = new CurrentModel
        {
            Revision = (previous?.Revision ?? 0) + 1,
            Checkpoint = checkpoint,
            ModelVersion = modelVersion,
            SetAt = time.GetUtcNow(),
            SetBy = setBy,
            Previous = previous is null ? [] : [previous with { Previous = [] }, .. previous.Previous.Take(HistoryDepth - 1)],
        };
        await WriteAsync(next);
        LogSet(logger, next.Revision, checkpoint, modelVersion ?? "?", setBy);
        return next;
    }

    public async Task<CurrentModel?> SetVersionAsync(long revision, string? modelVersion)
    {
        if (state.State.Current is not { } current || current.Revision != revision)
            return null;
        if (modelVersion is null || modelVersion == current.ModelVersion)
            return current;
        var next = current with { ModelVersion = modelVersion };
        await WriteAsync(next);
        return next;
    }

    public async Task<CurrentModel?> RollbackAsync(string setBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setBy);
        if (state.State.Current is not { Previous.Count: > 0 } current)
            return null;
        var next = current.Previous[0] with
        {
            Revision = current.Revision + 1,
            SetAt = time.GetUtcNow(),
            SetBy = $"rollback by {setBy}",
            Previous = current.Previous.Skip(1).ToList(),
        };
        await WriteAsync(next);
        LogRolledBack(logger, next.Revision, current.Checkpoint, next.Checkpoint, setBy);
        return next;
    }

    private async Task WriteAsync(CurrentModel next)
    {
        var before = state.State.Current;
        state.State.Current = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Current = before;
            throw;
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Current model is now revision {Revision}: {Checkpoint} ({ModelVersion}), set by {SetBy}")]
    private static partial void LogSet(ILogger logger, long revision, string checkpoint, string modelVersion, string setBy);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Current model rolled back to revision {Revision}: {From} -> {To}, by {SetBy}")]
    private static partial void LogRolledBack(ILogger logger, long revision, string from, string to, string setBy);
}
