using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FracCluster.Silo.Api;
using FracCluster.Silo.Hosting;
using FracCluster.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FracCluster.Cli.Embedded;

/// <summary>
/// The embedded default (one localhost silo, memory streams, file blobs, HTTP API) hosted inside the CLI process,
/// built by the silo project's own <see cref="FracSiloApp"/> so it is exactly what <c>dotnet run --project src/FracCluster.Silo</c> runs.
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedSilo(WebApplication app, Uri api, string apiKeyFile, string apiKey, int siloPort, int gatewayPort)
    {
        _app = app;
        Api = api;
        ApiKeyFile = apiKeyFile;
        ApiKey = apiKey;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public Uri Api { get; }

    public Uri Dashboard => new(Api, FracSiloHostingExtensions.DashboardPath);

    /// <summary>The operator's web pages (worklist, cluster, training); sign in with the API key.</summary>
    public Uri Worklist => new(Api, WebUiEndpoints.Root + "/");

    /// <summary>Where the API key is stored (printed to the user; the key itself never is).</summary>
    public string ApiKeyFile { get; }

    internal string ApiKey { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Cancelled when the host begins to stop (Ctrl-C, SIGTERM): work that needs the silo should stop with it.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<EmbeddedSilo> StartAsync(EmbeddedSiloOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(root);
        var siloPort = options.SiloPort == 0 ? FreePort() : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? FreePort() : options.GatewayPort;
        var args = new List<string>
        {
            "--urls", $"http://127.0.0.1:{Invariant(options.HttpPort)}",
            $"--Frac:Storage:Root={root}",
            $"--Frac:Cluster:SiloPort={Invariant(siloPort)}",
            $"--Frac:Cluster:GatewayPort={Invariant(gatewayPort)}",
            $"--Frac:Models:Threads={Invariant(options.Threads)}",
            $"--Logging:LogLevel:Default={options.LogLevel}",
            $"--Logging:LogLevel:Microsoft={options.LogLevel}",
            "--Logging:LogLevel:Orleans=Error",
        };
        if (options.Checkpoint is { } checkpoint)
            args.Add($"--Frac:Models:Checkpoint={checkpoint}");
        if (options.QueueCapacity is { } capacity)
            args.Add($"--Frac:Batching:QueueCapacity={Invariant(capacity)}");
        if (options.MaxOutstandingBatches is { } outstanding)
            args.Add($"--Frac:Batching:MaxOutstandingBatches={Invariant(outstanding)}");
        if (options.HeatmapsEnabled is { } heatmaps)
            args.Add($"--Frac:Heatmaps:Enabled={(heatmaps ? "true" : "false")}");
        if (options.HeatmapThreshold is { } threshold)
            args.Add(string.Create(CultureInfo.InvariantCulture, $"--Frac:Heatmaps:ProbabilityThreshold={threshold}"));

        var app = FracSiloApp.Build([.. args]);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var keyFile = keys.Source;
        var key = (await File.ReadAllTextAsync(keyFile, cancellationToken)).Trim();
        return new EmbeddedSilo(app, new Uri(app.Urls.First()), keyFile, key, siloPort, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        // A graceful stop hands queued scans to model grains; bounded so a stuck stop cannot hang the CLI.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
