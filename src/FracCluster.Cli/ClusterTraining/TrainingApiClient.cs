using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Contracts.Training;

namespace FracCluster.Cli.ClusterTraining;

/// <summary>The silo's <c>/v1/training</c> API over HTTP, with the API key in the X-Api-Key header.</summary>
public sealed class TrainingApiClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http;

    public TrainingApiClient(string baseUrl, string? apiKey)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new TrainingApiException($"'{baseUrl}' is not an http(s) URL of a silo (e.g. http://localhost:5080).");
        _http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(60) };
        var key = string.IsNullOrWhiteSpace(apiKey) ? Environment.GetEnvironmentVariable("FRAC_API_KEY") : apiKey;
        if (!string.IsNullOrWhiteSpace(key))
            _http.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public async Task<TrainingRunStatus> StartAsync(TrainingRunRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("v1/training", request, Json, cancellationToken);
        return await ReadAsync<TrainingRunStatus>(response, cancellationToken);
    }

    public async Task<TrainingRunStatus> GetAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"v1/training/{Uri.EscapeDataString(runId)}", cancellationToken);
        return await ReadAsync<TrainingRunStatus>(response, cancellationToken);
    }

    public async Task<TrainingRunStatus> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"v1/training/{Uri.EscapeDataString(runId)}/cancel", null, cancellationToken);
        return await ReadAsync<TrainingRunStatus>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListArtifactsAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"v1/training/{Uri.EscapeDataString(runId)}/artifacts", cancellationToken);
        return await ReadAsync<List<string>>(response, cancellationToken);
    }

    public async Task<byte[]> GetArtifactAsync(string runId, string path, CancellationToken cancellationToken)
    {
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        using var response = await _http.GetAsync($"v1/training/{Uri.EscapeDataString(runId)}/artifacts/{escaped}", cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new TrainingApiException($"{response.RequestMessage?.RequestUri}: empty answer.");
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new TrainingApiException($"{(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.RequestUri}: {body}", (int)response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
