using FracCluster.Contracts.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Training;

/// <summary>
/// On every silo: every few seconds, touches the coordinator of each unfinished run so one whose silo died is activated
/// elsewhere at once. The reminder does the same durably but at most once a minute, and an in-memory reminder table
/// (embedded default, tests) dies with the silo that holds it.
/// </summary>
public sealed partial class TrainingRunWatchdog(IGrainFactory grains, IOptions<ClusterTrainingOptions> options, ILogger<TrainingRunWatchdog> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TrainingRunWatchdog), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.WatchdogSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var active = await grains.GetGrain<ITrainingRunsGrain>(0).ListActiveAsync();
                    foreach (var runId in active)
                        await grains.GetGrain<ITrainingCoordinatorGrain>(runId).EnsureRunningAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Silo stopping.
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "Training watchdog round failed; trying again next round")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
