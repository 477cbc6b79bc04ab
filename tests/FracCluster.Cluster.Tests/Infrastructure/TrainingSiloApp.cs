using System.Globalization;
using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Grains.Inference;
using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using FracCluster.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// The real silo host (embedded default: one silo, file storage, in-memory reminders) ready to train: a tiny synthetic
/// data set at <c>blob:datasets/synth</c> and a tiny B0 checkpoint at <c>models/tiny</c>; the fake classifier serves.
/// </summary>
public sealed class TrainingSiloApp : IAsyncLifetime
{
    public const string ApiKey = "training-api-key-0123456789abcdef";

    private readonly TempFolder _data = new();
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await new SyntheticDatasetWriter().WriteAsync(Path.Combine(_data.Path, "datasets", "synth"), new SyntheticDatasetOptions
        {
            Count = 40,
            FracturedRatio = 0.5,
            Seed = 9,
            Radiograph = new SyntheticRadiographOptions { MinSize = 64, MaxSize = 80 },
        });
        var config = new EfficientNetConfig { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };
        using (var model = new EfficientNet(config))
            ModelCheckpoint.Save(model, ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], 0, PreprocessOptions.ImageNet(64)), Path.Combine(_data.Path, "models", "tiny"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Frac:Storage:Root={_data.Path}",
            $"--Frac:Cluster:SiloPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Cluster:GatewayPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Api:ApiKey={ApiKey}",
            "--Frac:Training:TickMilliseconds=50",
            "--Logging:LogLevel:Default=Warning",
        ];
        _app = FracSiloApp.Build(args, b => b.Services.AddSingleton<IBatchClassifierFactory>(new FakeClassifierFactory(new ClassifierProbe())));
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        await Poll.UntilAsync(async () => (await Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "/readyz");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }
}
