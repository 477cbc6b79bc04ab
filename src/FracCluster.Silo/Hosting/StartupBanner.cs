using FracCluster.Silo.Api;
using FracCluster.Silo.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Hosting;

/// <summary>Says once, at start, where the silo listens and where the API key is (never the key itself).</summary>
public sealed partial class StartupBanner(IHostApplicationLifetime lifetime, IServer server, ApiKeyStore keys, IOptions<FracClusterOptions> cluster, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var o = cluster.Value;
            LogStarted(logger, o.SiloName ?? $"silo-{o.SiloIndex}", string.Join(", ", urls), o.EffectiveSiloPort, o.EffectiveGatewayPort, keys.Source);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "FracCluster silo {SiloName}: HTTP {Urls}, silo port {SiloPort}, gateway {GatewayPort}; API key from {KeySource}; /readyz turns 200 when the models are warm")]
    private static partial void LogStarted(ILogger logger, string siloName, string urls, int siloPort, int gatewayPort, string keySource);
}
