using System.Globalization;
using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Grains.Inference;
using FracCluster.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// The real silo host (HTTP API, key check, dashboard, metrics, single localhost silo) on free loopback ports, with the
/// fake classifier. Small queues so backpressure is reachable: batches of 4, at most 4 scans in progress.
/// </summary>
public class SiloAppFixture : IAsyncLifetime
{
    public const string ApiKey = "test-api-key-0123456789abcdef";

    private readonly TempFolder _data = new();
    private WebApplication? _app;

    public ClassifierProbe Probe { get; } = new();

    /// <summary>No credential: what any process that reaches the port can do.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Sends the operator key with every request.</summary>
    public HttpClient Operator { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Settings a derived fixture changes (later arguments win), e.g. larger queues.</summary>
    protected virtual IReadOnlyList<string> Overrides => [];

    /// <summary>Services replaced before the host is built: the fake classifier, unless a fixture serves a real model.</summary>
    protected virtual void ConfigureServices(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IBatchClassifierFactory>(new FakeClassifierFactory(Probe));

    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Frac:Storage:Root={_data.Path}",
            $"--Frac:Cluster:SiloPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Cluster:GatewayPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Api:ApiKey={ApiKey}",
            "--Frac:Batching:MaxBatchSize=4",
            "--Frac:Batching:QueueCapacity=4",
            "--Frac:Batching:MaxDelayMs=50",
            "--Logging:LogLevel:Default=Warning",
            .. Overrides,
        ];
        _app = FracSiloApp.Build(args, ConfigureServices);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        Operator = new HttpClient { BaseAddress = Http.BaseAddress };
        Operator.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        await Poll.UntilAsync(async () => (await Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "/readyz");
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        Operator.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }
}
