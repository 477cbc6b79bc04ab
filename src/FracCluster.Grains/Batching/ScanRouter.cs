using System.Collections.Concurrent;
using FracCluster.Contracts;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Batching;

/// <summary>
/// Picks the model grain for a batch: the ready one with the fewest in-flight images (its own report plus what this
/// router sent it since), a local one preferred over a remote one by half a batch. An urgent batch goes where the least
/// urgent work is ahead of it (model grains run urgent batches first, so routine work there does not delay it), ties
/// broken by total load. The list of model grains and each silo's batcher queue are refreshed from every live silo's
/// control grain about once a second.
/// </summary>
public sealed partial class ScanRouter(IGrainFactory grains, ILocalSiloDetails silo, IOptions<BatchingOptions> options, TimeProvider time, ILogger<ScanRouter> logger)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, int> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _sentUrgent = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly string _localSilo = silo.SiloAddress.ToParsableString();
    private volatile IReadOnlyList<ModelStatus> _models = [];
    private volatile IReadOnlyList<SiloServing> _silos = [];
    private long _refreshedAt;
    private volatile bool _stale = true;

    public IReadOnlyList<ModelStatus> Known => _models;

    /// <summary>Every live silo as of the last refresh (at most about a second old), with what this router sent since.</summary>
    public async Task<IReadOnlyList<SiloServing>> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_stale || time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) > RefreshInterval)
            await RefreshAsync(cancellationToken);
        return _silos.Select(s => s with
        {
            Models = s.Models.Select(m => m with
            {
                InFlightImages = m.InFlightImages + _sent.GetValueOrDefault(m.Key),
                InFlightUrgentImages = m.InFlightUrgentImages + _sentUrgent.GetValueOrDefault(m.Key),
            }).ToList(),
        }).ToList();
    }

    /// <summary>Waits until at least one model grain is ready, then returns the least loaded.</summary>
    public async Task<ModelStatus> PickAsync(int images, bool urgent, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_stale || time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) > RefreshInterval)
                await RefreshAsync(cancellationToken);
            var best = Choose(urgent);
            if (best is not null)
                return best;
            await Task.Delay(RetryInterval, time, cancellationToken);
            _stale = true;
        }
    }

    public void Sent(string key, int images, bool urgent)
    {
        _sent.AddOrUpdate(key, images, (_, v) => v + images);
        if (urgent)
            _sentUrgent.AddOrUpdate(key, images, (_, v) => v + images);
    }

    public void Done(string key, int images, bool urgent)
    {
        _sent.AddOrUpdate(key, 0, (_, v) => Math.Max(0, v - images));
        if (urgent)
            _sentUrgent.AddOrUpdate(key, 0, (_, v) => Math.Max(0, v - images));
    }

    /// <summary>Forces a refresh before the next pick, so a failed (e.g. departed) model grain is not picked again from stale data.</summary>
    public void Failed(string key)
    {
        _models = _models.Where(m => m.Key != key).ToList();
        _stale = true;
    }

    private ModelStatus? Choose(bool urgent)
    {
        var penalty = options.Value.MaxBatchSize / 2.0;
        ModelStatus? best = null;
        var bestLoad = double.MaxValue;
        foreach (var model in _models)
        {
            if (!model.Ready)
                continue;
            var inFlight = model.InFlightImages + _sent.GetValueOrDefault(model.Key);
            var load = inFlight + (model.Silo == _localSilo ? 0 : penalty);
            if (urgent)
            {
                // Urgent work ahead dominates; total load only breaks ties (scaled so it never outweighs one image).
                var urgentAhead = model.InFlightUrgentImages + _sentUrgent.GetValueOrDefault(model.Key);
                load = urgentAhead + (load / (1.0 + load) * 0.5);
            }
            if (load < bestLoad)
            {
                best = model;
                bestLoad = load;
            }
        }
        return best;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (!_stale && time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) <= RefreshInterval)
                return;
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
            var perSilo = await Task.WhenAll(hosts.Keys.Select(async address =>
            {
                try
                {
                    return await grains.GetGrain<ISiloControlGrain>(address.ToParsableString()).GetServingAsync();
                }
                catch (Exception ex)
                {
                    LogSiloUnreachable(logger, ex, address.ToParsableString());
                    return null;
                }
            }));
            _silos = perSilo.OfType<SiloServing>().ToList();
            _models = _silos.SelectMany(s => s.Models).ToList();
            Interlocked.Exchange(ref _refreshedAt, time.GetTimestamp());
            _stale = false;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Could not list the model grains of silo {Silo}")]
    private static partial void LogSiloUnreachable(ILogger logger, Exception exception, string silo);
}
