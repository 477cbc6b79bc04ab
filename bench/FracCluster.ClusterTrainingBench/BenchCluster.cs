using FracCluster.Contracts;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Hosting;
using FracCluster.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FracCluster.ClusterTrainingBench;

/// <summary>An in-process cluster of N silos serving the tiny checkpoint with the real inference engine, training enabled.</summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly string _root;

    private BenchCluster(string root, InProcessTestCluster cluster)
    {
        _root = root;
        Cluster = cluster;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <param name="overrides">Silo settings on top of the bench's (e.g. <c>Frac:Training:FineTuneInlineGradientBytes</c>).</param>
    public static async Task<BenchCluster> StartAsync(int silos, string checkpoint, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "frac-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var blobs = new FileBlobStore(root);
        var settings = new Dictionary<string, string?>
        {
            ["Frac:Batching:MaxBatchSize"] = "16",
            ["Frac:Batching:MaxDelayMs"] = "20",
            ["Frac:Batching:QueueCapacity"] = "1024",
            ["Frac:Models:Devices:0"] = "cpu",
            ["Frac:Models:Checkpoint"] = checkpoint,
            ["Frac:Models:Threads"] = "1",
            ["Frac:Training:TickMilliseconds"] = "50",
            ["Frac:Training:DecodeParallelism"] = "1",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddSingleton<IBlobStore>(blobs);
            host.Services.AddFracEngineClassifier();
            host.Services.AddFracServingOptions(host.Configuration);
            host.Services.AddFracTrainingOptions(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) => silo
            .AddFracServing()
            .AddFracTraining()
            .AddFracMemoryStreams()
            .UseInMemoryReminderService()
            .AddFracBlobGrainStorage());
        builder.ConfigureClient(client => client.AddMemoryStreams(FracStreams.Provider));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var bench = new BenchCluster(root, cluster);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!(await bench.ModelsReadyAsync(silos)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Model grains did not become ready in 2 minutes.");
            await Task.Delay(100);
        }
        return bench;
    }

    private async Task<bool> ModelsReadyAsync(int silos)
    {
        var ready = 0;
        foreach (var silo in Cluster.Silos)
            ready += (await Client.GetGrain<ISiloControlGrain>(silo.SiloAddress.ToParsableString()).GetModelsAsync()).Count(m => m.Ready);
        return ready == silos;
    }

    public async Task<TrainingRunStatus> StatusAsync(string runId) =>
        await Client.GetGrain<ITrainingCoordinatorGrain>(runId).GetStatusAsync() ?? throw new InvalidOperationException(runId);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
