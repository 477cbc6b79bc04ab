using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Hosting;
using FracCluster.Grains.Inference;
using FracCluster.Grains.Training;
using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using FracCluster.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace FracCluster.Cluster.Tests.Training;

/// <summary>
/// A 3-silo in-process cluster with serving (fake classifier) and training, in-memory reminders, blob grain storage
/// over a shared temp folder that also holds a small synthetic FracAtlas-layout dataset (blob:datasets/synth) and a
/// tiny EfficientNet checkpoint (models/tiny: B0 structure, width 0.25, depth 0.3, 64 px).
/// </summary>
public sealed class TrainingCluster : IAsyncDisposable
{
    public const string Dataset = "blob:datasets/synth";
    public const string Weights = "models/tiny";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly TempFolder _data = new();

    private readonly IReadOnlyDictionary<string, string?> _settings;

    private TrainingCluster(IReadOnlyDictionary<string, string?>? settings)
    {
        Blobs = new FileBlobStore(_data.Path);
        Recorded = new RecordingBlobStore(Blobs);
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public GatedTrainingProbe Probe { get; } = new();

    public ClassifierProbe Classifiers { get; } = new();

    public FileBlobStore Blobs { get; }

    /// <summary>The silos' blob store: <see cref="Blobs"/>, with the keys they wrote.</summary>
    public RecordingBlobStore Recorded { get; }

    /// <param name="settings">Silo configuration on top of the defaults below (e.g. <c>Frac:Training:…</c>).</param>
    public static async Task<TrainingCluster> StartAsync(int images = 60, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var cluster = new TrainingCluster(settings);
        await cluster.WriteDataAsync(images);
        await cluster.DeployAsync();
        return cluster;
    }

    public TrainingRunRequest Request(int epochs = 4, int seed = 7, bool publish = false, int shardSize = 6) => new()
    {
        Dataset = Dataset,
        Weights = Weights,
        Epochs = epochs,
        BatchSize = 8,
        Seed = seed,
        Publish = publish,
        ShardSize = shardSize,
    };

    public async Task<TrainingRunStatus> StartRunAsync(string runId, TrainingRunRequest request)
    {
        await Client.GetGrain<ITrainingRunsGrain>(0).AddAsync(runId);
        return await Client.GetGrain<ITrainingCoordinatorGrain>(runId).StartAsync(request);
    }

    public async Task<TrainingRunStatus> StatusAsync(string runId) =>
        await Client.GetGrain<ITrainingCoordinatorGrain>(runId).GetStatusAsync() ?? throw new InvalidOperationException($"No run {runId}.");

    public async Task<TrainingRunStatus> WaitAsync(string runId, Func<TrainingRunStatus, bool> condition, string what)
    {
        TrainingRunStatus? last = null;
        await Poll.UntilAsync(async () =>
        {
            last = await StatusAsync(runId);
            if (last.Phase == TrainingPhase.Failed)
                throw new InvalidOperationException($"Run {runId} failed: {last.Error}");
            return condition(last);
        }, Timeout, what);
        return last!;
    }

    public Task<TrainingRunStatus> WaitFinalAsync(string runId) => WaitAsync(runId, s => s.IsFinal, $"run {runId} to finish");

    public async Task<IReadOnlyList<ModelStatus>> ModelsAsync()
    {
        var all = new List<ModelStatus>();
        foreach (var silo in Cluster.Silos)
            all.AddRange(await Client.GetGrain<ISiloControlGrain>(silo.SiloAddress.ToParsableString()).GetModelsAsync());
        return all;
    }

    private async Task WriteDataAsync(int images)
    {
        await new SyntheticDatasetWriter().WriteAsync(Path.Combine(_data.Path, "datasets", "synth"), new SyntheticDatasetOptions
        {
            Count = images,
            FracturedRatio = 0.5,
            Seed = 3,
            Radiograph = new SyntheticRadiographOptions { MinSize = 64, MaxSize = 80 },
        });
        var config = new EfficientNetConfig { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };
        TorchSharp.torch.random.manual_seed(11);
        using var model = new EfficientNet(config);
        var metadata = ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], 0, PreprocessOptions.ImageNet(64));
        Directory.CreateDirectory(Path.Combine(_data.Path, "models"));
        ModelCheckpoint.Save(model, metadata, Path.Combine(_data.Path, "models", "tiny"));
    }

    private async Task DeployAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Frac:Batching:MaxBatchSize"] = "16",
            ["Frac:Batching:MaxDelayMs"] = "20",
            ["Frac:Batching:QueueCapacity"] = "1024",
            ["Frac:Models:Devices:0"] = "cpu",
            ["Frac:Training:TickMilliseconds"] = "50",
            ["Frac:Training:WatchdogSeconds"] = "1",
            ["Frac:Training:DecodeParallelism"] = "1",
        };
        foreach (var (key, value) in _settings)
            settings[key] = value;
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddSingleton<IBlobStore>(Recorded);
            host.Services.AddSingleton<IBatchClassifierFactory>(new FakeClassifierFactory(Classifiers));
            host.Services.AddSingleton<ITrainingProbe>(Probe);
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
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Poll.UntilAsync(async () => (await ModelsAsync()) is { Count: 3 } m && m.All(x => x.Ready), Timeout, "every model grain to be ready");
    }

    public async ValueTask DisposeAsync()
    {
        Probe.OpenShards();
        Probe.OpenEpochs();
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}
