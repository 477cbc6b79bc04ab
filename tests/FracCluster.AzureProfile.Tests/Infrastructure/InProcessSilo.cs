using FracCluster.Silo.Hosting;
using FracCluster.Storage;
using Microsoft.AspNetCore.Builder;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>The real silo host (Azure profile, tiny checkpoint in Azurite) in this process, for tests that observe it closely.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSilo(WebApplication app, AzureProfileSettings settings)
    {
        _app = app;
        Settings = settings;
        Http = new HttpClient { BaseAddress = settings.HttpAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AzureProfileSettings.ApiKey);
    }

    public AzureProfileSettings Settings { get; }

    public HttpClient Http { get; }

    public static async Task<InProcessSilo> StartAsync(string connectionString, string clusterPrefix, string scratchFolder)
    {
        var settings = new AzureProfileSettings
        {
            ConnectionString = connectionString,
            ClusterId = $"{clusterPrefix}-{Guid.NewGuid():N}"[..(clusterPrefix.Length + 9)],
            SiloName = "silo-inproc",
        };
        var blobs = BlobStoreFactory.Create(new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ConnectionString = connectionString, ContainerName = settings.ClusterId });
        await TinyCheckpoint.UploadAsync(blobs, scratchFolder);
        var app = FracSiloApp.Build(settings.CommandLine());
        await app.StartAsync();
        var silo = new InProcessSilo(app, settings);
        await Poll.UntilAsync(async () => (await silo.Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromMinutes(3), "/readyz");
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Shutting down against a stopped storage account can hang on membership updates; the test is over.
        }
        await _app.DisposeAsync();
    }
}
