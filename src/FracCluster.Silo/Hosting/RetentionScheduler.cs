using FracCluster.Contracts;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// Makes sure the cluster's retention sweep reminder exists once this silo is up (every silo asks; the reminder is
/// registered once). Retried in the background: a storage hiccup at start must not stop the silo.
/// </summary>
public sealed partial class RetentionScheduler(IGrainFactory grains, IOptions<RetentionOptions> options, IHostApplicationLifetime lifetime, ILogger<RetentionScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        // Grain calls need the silo started; ApplicationStarted fires after every hosted service's start, Orleans' included.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IScanRetentionGrain>(0).EnsureScheduledAsync();
                LogScheduled(logger, options.Value.Days, options.Value.SweepPeriodMinutes);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNotScheduled(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 5 * attempt)), stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Retention: scans older than {Days} days are erased, swept every {Minutes} minutes")]
    private static partial void LogScheduled(ILogger logger, int days, int minutes);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Warning, Message = "Retention sweep not scheduled yet (attempt {Attempt}); retrying")]
    private static partial void LogNotScheduled(ILogger logger, Exception exception, int attempt);
}
