using System.Net.Http.Json;
using FracCluster.Cli.Streaming;
using FracCluster.Contracts;

namespace FracCluster.Cli.Embedded;

/// <summary>The model endpoints of the HTTP API, as an operator would use them: load a checkpoint, wait for readiness.</summary>
public sealed class ClusterApiClient(Uri api, string apiKey) : IDisposable
{
    private readonly HttpClient _http = CreateClient(api, apiKey);

    /// <summary>POST /v1/models/load: every model grain of every silo loads the checkpoint and warms up; in-flight batches finish on the old model.</summary>
    public async Task<IReadOnlyList<ModelStatus>> LoadModelAsync(string checkpoint, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("/v1/models/load", new { checkpoint }, HttpScanTransport.Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Loading {checkpoint} on the cluster failed: {(int)response.StatusCode} {detail}");
        }
        return (await response.Content.ReadFromJsonAsync<ModelsOverview>(HttpScanTransport.Json, cancellationToken))?.Grains ?? [];
    }

    public async Task<IReadOnlyList<ModelStatus>> GetModelsAsync(CancellationToken cancellationToken) =>
        (await GetOverviewAsync(cancellationToken))?.Grains ?? [];

    /// <summary>GET /v1/models: the cluster's current model and what every model grain serves.</summary>
    public Task<ModelsOverview?> GetOverviewAsync(CancellationToken cancellationToken) =>
        _http.GetFromJsonAsync<ModelsOverview>("/v1/models", HttpScanTransport.Json, cancellationToken);

    /// <summary>Polls /readyz until every model grain is warm; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                using (var response = await _http.GetAsync("/readyz", deadline.Token))
                {
                    if (response.IsSuccessStatusCode)
                        return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The cluster at {api} was not ready (models loaded and warm) within {timeout.TotalSeconds:0} s.");
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(Uri api, string apiKey)
    {
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }
}
