using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Contracts;
using FracCluster.Grains.Hosting;
using FracCluster.Grains.Inference;
using FracCluster.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A 3-silo in-process cluster wired like the embedded default (blob grain storage over a shared file folder, memory
/// streams) with the fake classifier. Subclasses choose the batching settings.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClassifierProbe Probe { get; } = new();

    public IClusterClient Client => Cluster.Client;

    protected abstract int MaxDelayMs { get; }

    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    protected virtual int SiloCount => 3;

    /// <summary>The classifier the model grains serve with: the instant fake unless a fixture needs another device.</summary>
    protected virtual IBatchClassifierFactory CreateClassifierFactory() => new FakeClassifierFactory(Probe);

    /// <summary>The blob store the silos share, for tests that stage blobs themselves.</summary>
    public IBlobStore Blobs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var blobs = new FileBlobStore(_data.Path);
        Blobs = blobs;
        var settings = new Dictionary<string, string?>
        {
            ["Frac:Batching:MaxBatchSize"] = "16",
            ["Frac:Batching:MaxDelayMs"] = MaxDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Frac:Batching:QueueCapacity"] = "1024",
            ["Frac:Models:Devices:0"] = "cpu",
        };
        foreach (var (key, value) in ExtraSettings)
            settings[key] = value;
        var builder = new InProcessTestClusterBuilder((short)SiloCount);
        var factory = CreateClassifierFactory();
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddSingleton<IBlobStore>(blobs);
            host.Services.AddSingleton(factory);
            host.Services.AddFracServingOptions(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) => silo
            .AddFracServing()
            .AddFracMemoryStreams()
            .AddFracBlobGrainStorage());
        builder.ConfigureClient(client => client.AddMemoryStreams(FracStreams.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Poll.UntilAsync(async () => (await ModelsAsync()).All(m => m.Ready) && (await ModelsAsync()).Count == SiloCount, TimeSpan.FromSeconds(60), "every model grain to be ready");
    }

    public async Task<IReadOnlyList<ModelStatus>> ModelsAsync()
    {
        var all = new List<ModelStatus>();
        foreach (var silo in Cluster.Silos)
            all.AddRange(await Client.GetGrain<ISiloControlGrain>(silo.SiloAddress.ToParsableString()).GetModelsAsync());
        return all;
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
        DisposeDevices();
    }

    /// <summary>Frees what a fixture's classifier factory holds, once the silos are gone.</summary>
    protected virtual void DisposeDevices()
    {
    }
}
