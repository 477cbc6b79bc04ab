using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Inference;
using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using FracCluster.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FracCluster.Cluster.Tests.Training;

/// <summary>The training API on the real silo host (embedded default: one silo, file storage, in-memory reminders).</summary>
public sealed class TrainingHttpApiTests : IAsyncLifetime
{
    private const string ApiKey = "training-api-key-0123456789abcdef";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly TempFolder _data = new();
    private WebApplication? _app;
    private HttpClient _http = null!;

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
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        await Poll.UntilAsync(async () => (await _http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "/readyz");
    }

    [Fact]
    public async Task A_run_started_over_http_is_followed_to_completion_and_its_artifacts_can_be_downloaded()
    {
        var body = new { dataset = "blob:datasets/synth", weights = "models/tiny", epochs = 2, batchSize = 8, seed = 3, shardSize = 8 };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.PostAsJsonAsync("/v1/training", body)).StatusCode);

        _http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var bad = await _http.PostAsJsonAsync("/v1/training", body with { epochs = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("epochs", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/v1/training/no-such-run")).StatusCode);

        var started = await _http.PostAsJsonAsync("/v1/training", body);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = (await started.Content.ReadFromJsonAsync<TrainingRunStatus>(Json))!;
        TrainingRunStatus status = run;
        await Poll.UntilAsync(async () =>
        {
            status = (await _http.GetFromJsonAsync<TrainingRunStatus>($"/v1/training/{run.RunId}", Json))!;
            return status.IsFinal;
        }, TimeSpan.FromSeconds(120), "the run to finish");

        Assert.Equal(TrainingPhase.Completed, status.Phase);
        Assert.Equal(2, status.Epoch);
        var listed = await _http.GetFromJsonAsync<List<TrainingRunStatus>>("/v1/training", Json);
        Assert.Contains(listed!, r => r.RunId == run.RunId && r.Phase == TrainingPhase.Completed);
        var artifacts = await _http.GetFromJsonAsync<List<string>>($"/v1/training/{run.RunId}/artifacts", Json);
        Assert.Contains("report.md", artifacts!);
        Assert.Contains("best.safetensors", artifacts!);
        var report = await _http.GetStringAsync($"/v1/training/{run.RunId}/artifacts/report.md");
        Assert.Contains("roc", report, StringComparison.OrdinalIgnoreCase);
        // Dot segments never reach outside the run: the host folds them away, and what is left is only looked up under runs/{id}/.
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/v1/training/{run.RunId}/artifacts/%2E%2E/%2E%2E/api-key")).StatusCode);
        var cancelled = await _http.PostAsync($"/v1/training/{run.RunId}/cancel", null);
        Assert.Equal(TrainingPhase.Completed, (await cancelled.Content.ReadFromJsonAsync<TrainingRunStatus>(Json))!.Phase);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }
}
