using System.Net;
using FracCluster.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Cli.Streaming;

/// <summary>
/// In-cluster producer path: the Orleans client submits through <see cref="IScanIntakeGrain"/> and subscribes to the
/// <c>results</c> streams. Uses static gateways (the silos' gateway ports) and memory streams, as the embedded default.
/// </summary>
public sealed class OrleansScanTransport : IScanTransport
{
    private readonly IHost _host;
    private readonly IClusterClient _client;
    private readonly List<StreamSubscriptionHandle<ScanResult>> _subscriptions = [];

    private OrleansScanTransport(IHost host)
    {
        _host = host;
        _client = host.Services.GetRequiredService<IClusterClient>();
    }

    public static async Task<OrleansScanTransport> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, string clusterId, string serviceId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.ToArray());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.AddMemoryStreams(FracStreams.Provider);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new OrleansScanTransport(host);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(IReadOnlyList<string> scanners, Action<ScanResult> onResult, CancellationToken cancellationToken)
    {
        var handles = new Subscriptions(this);
        foreach (var scanner in scanners)
        {
            var stream = _client.GetStreamProvider(FracStreams.Provider).GetStream<ScanResult>(StreamId.Create(FracStreams.Results, scanner));
            var handle = await stream.SubscribeAsync((r, _) =>
            {
                onResult(r);
                return Task.CompletedTask;
            });
            handles.Handles.Add(handle);
            lock (_subscriptions)
                _subscriptions.Add(handle);
        }
        return handles;
    }

    public async Task<SubmitReply> SubmitAsync(string scannerId, string clientScanId, byte[] image, ScanSendOptions send, CancellationToken cancellationToken)
    {
        var outcome = await _client.GetGrain<IScanIntakeGrain>(0).SubmitAsync(new ScanSubmission
        {
            ScannerId = scannerId,
            ClientScanId = clientScanId,
            Image = image,
            Priority = send.Priority,
            DeadlineMilliseconds = send.DeadlineMilliseconds,
        });
        return new SubmitReply(outcome.Status, outcome.ScanId, TimeSpan.FromSeconds(Math.Max(1, outcome.RetryAfterSeconds)), outcome.Message, outcome.Reason);
    }

    private static async Task UnsubscribeAsync(StreamSubscriptionHandle<ScanResult> handle)
    {
        try
        {
            await handle.UnsubscribeAsync();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The cluster is going away; subscriptions go with it.
        }
    }

    /// <summary>One SubscribeAsync call's handles.</summary>
    private sealed class Subscriptions(OrleansScanTransport owner) : IAsyncDisposable
    {
        public List<StreamSubscriptionHandle<ScanResult>> Handles { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var handle in Handles)
            {
                bool open;
                lock (owner._subscriptions)
                    open = owner._subscriptions.Remove(handle);
                if (open)
                    await UnsubscribeAsync(handle);
            }
        }
    }

    public async Task<ScanResult?> GetAsync(string scanId, TimeSpan wait, CancellationToken cancellationToken) =>
        await _client.GetGrain<IScanResultGrain>(scanId).WaitAsync(wait);

    public async ValueTask DisposeAsync()
    {
        List<StreamSubscriptionHandle<ScanResult>> open;
        lock (_subscriptions)
        {
            open = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var handle in open)
            await UnsubscribeAsync(handle);
        await _host.StopAsync();
        _host.Dispose();
    }
}
