using System.Text.Json;

namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>One silo container's HTTP API (port 8080 at its address on the test network): probes, metrics, models.</summary>
public sealed class SiloEndpoint : IDisposable
{
    public SiloEndpoint(string container, string address, string apiKey, int port = 8080)
    {
        Container = container;
        Address = address;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://{address}:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public string Container { get; }

    public string Address { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>An HTTP probe as the kubelet runs it: any 2xx or 3xx within the timeout passes.</summary>
    public async Task<bool> ProbeAsync(string path, TimeSpan timeout)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            using var response = await Http.GetAsync(path, cts.Token);
            return (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A metric's summed value over all its series on /metrics (0 when absent).</summary>
    public async Task<double> MetricAsync(string prometheusName)
    {
        var text = await Http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith(prometheusName, StringComparison.Ordinal) && (l.Length == prometheusName.Length || l[prometheusName.Length] is ' ' or '{'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>/v1/models: every model grain of every live silo of the cluster, as (silo address, ready).</summary>
    public async Task<IReadOnlyList<(string Silo, bool Ready)>> ClusterModelsAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("/v1/models"));
        return document.RootElement.GetProperty("grains").EnumerateArray()
            .Select(m => (m.GetProperty("silo").GetString() ?? string.Empty, m.GetProperty("ready").GetBoolean()))
            .ToList();
    }

    /// <summary>This silo's own Orleans address (ip:port@generation) from /readyz; a restart gives a new generation.</summary>
    public async Task<string?> SiloAddressAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("/readyz"));
        return document.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("silo").GetString()).FirstOrDefault();
    }

    public void Dispose() => Http.Dispose();
}
