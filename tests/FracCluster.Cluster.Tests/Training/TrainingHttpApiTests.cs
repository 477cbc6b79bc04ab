using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts.Training;

namespace FracCluster.Cluster.Tests.Training;

/// <summary>The training API on the real silo host (embedded default: one silo, file storage, in-memory reminders).</summary>
public sealed class TrainingHttpApiTests : IAsyncLifetime
{
    private const string ApiKey = TrainingSiloApp.ApiKey;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly TrainingSiloApp _silo = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _silo.InitializeAsync();
        _http = _silo.Http;
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

    public Task DisposeAsync() => _silo.DisposeAsync();
}
