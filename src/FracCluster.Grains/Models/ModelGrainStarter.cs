using FracCluster.Contracts;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace FracCluster.Grains.Models;

/// <summary>
/// Activates this silo's model grains (one per configured device) once the silo is active, without holding up silo
/// start: a large model can take minutes to load. <c>/readyz</c> stays false until they report ready. Then keeps them
/// active: when another silo dies, Orleans' grain directory recovery can deactivate a live silo's model grain (seen
/// with a pod killed by SIGKILL in the container suite, tests/FracCluster.Container.Tests), and nothing else would
/// activate it again: the router only sends batches to ready model grains, so the silo would stay unready for good.
/// </summary>
public sealed partial class ModelGrainStarter(IGrainFactory grains, LocalModelRegistry registry, ILogger<ModelGrainStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    // How often a started model grain is asked EnsureLoadedAsync again: a no-op on a loaded, active grain (one local
    // call), a reactivation and reload on one that was deactivated behind the silo's back.
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ModelGrainStarter), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.WhenAll(registry.Devices.Select(StartDeviceAsync));
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task StartDeviceAsync(string device)
    {
        var key = registry.KeyFor(device);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var status = await grains.GetGrain<IModelGrain>(key).EnsureLoadedAsync();
                if (status.Ready)
                    LogReady(logger, key, status.ModelVersion ?? "?");
                else
                    LogWaitingForModel(logger, key, status.Error ?? "no model");
                await KeepActiveAsync(key, status.Ready);
                return;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                LogStartFailed(logger, ex, key, RetryDelay.TotalSeconds);
                try
                {
                    await Task.Delay(RetryDelay, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Until the silo stops: EnsureLoadedAsync every <see cref="KeepAliveInterval"/>, logging changes of readiness only.</summary>
    private async Task KeepActiveAsync(string key, bool ready)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(KeepAliveInterval, _stopping.Token);
                var status = await grains.GetGrain<IModelGrain>(key).EnsureLoadedAsync();
                if (status.Ready && !ready)
                    LogReady(logger, key, status.ModelVersion ?? "?");
                ready = status.Ready;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                LogKeepAliveFailed(logger, ex, key);
                ready = false;
            }
        }
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Model grain {ModelKey} did not answer its keep-alive; asking again")]
    private static partial void LogKeepAliveFailed(ILogger logger, Exception exception, string modelKey);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Model grain {ModelKey} is ready with model {ModelVersion}")]
    private static partial void LogReady(ILogger logger, string modelKey, string modelVersion);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Model grain {ModelKey} has no model yet: {Reason}")]
    private static partial void LogWaitingForModel(ILogger logger, string modelKey, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Model grain {ModelKey} failed to load; retrying in {Seconds} s")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string modelKey, double seconds);
}
