using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

/// <summary>POST /v1/scans, results over server-sent events from /v1/scanners/{id}/results.</summary>
public sealed class HttpScanTransport : IScanTransport
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http;
    private readonly HttpClient _events;
    private readonly List<EventReaders> _subscriptions = [];

    public HttpScanTransport(Uri api, string? apiKey)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        _events = new HttpClient { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan };
        // Results are patient data: the events stream needs the credential as much as the submissions do.
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            _events.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
    }

    public async Task<IAsyncDisposable> SubscribeAsync(IReadOnlyList<string> scanners, Action<ScanResult> onResult, CancellationToken cancellationToken)
    {
        var readers = new EventReaders();
        lock (_subscriptions)
            _subscriptions.Add(readers);
        var subscribed = scanners.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        for (var i = 0; i < scanners.Count; i++)
            readers.Tasks.Add(ReadEventsAsync(scanners[i], onResult, subscribed[i], readers.Stop.Token));
        try
        {
            await Task.WhenAll(subscribed.Select(s => s.Task)).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await readers.DisposeAsync();
            throw;
        }
        return readers;
    }

    public async Task<SubmitReply> SubmitAsync(string scannerId, string clientScanId, byte[] image, ScanSendOptions send, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(image) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("X-Scanner-Id", scannerId);
        request.Headers.Add("X-Client-Scan-Id", clientScanId);
        if (send.Priority == ScanPriority.Urgent)
            request.Headers.Add("X-Scan-Priority", "urgent");
        if (send.DeadlineMilliseconds is { } deadline)
            request.Headers.Add("X-Scan-Deadline-Ms", deadline.ToString(CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
                var duplicate = body.TryGetProperty("duplicate", out var d) && d.GetBoolean();
                return new SubmitReply(duplicate ? SubmitStatus.Duplicate : SubmitStatus.Accepted, body.GetProperty("scanId").GetString(), TimeSpan.Zero, null);
            case HttpStatusCode.Conflict:
                var conflict = await response.Content.ReadAsStringAsync(cancellationToken);
                return new SubmitReply(SubmitStatus.Conflict, null, TimeSpan.Zero, $"409 {conflict}", "Conflict");
            case HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests:
                var retry = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                var problem = await ReadProblemTitleAsync(response, cancellationToken);
                return new SubmitReply(SubmitStatus.Busy, null, retry, problem, problem);
            default:
                var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                return new SubmitReply(SubmitStatus.Invalid, null, TimeSpan.Zero, $"{(int)response.StatusCode} {detail}");
        }
    }

    public async Task<ScanResult?> GetAsync(string scanId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var seconds = Math.Clamp(wait.TotalSeconds, 0, 25).ToString("0.###", CultureInfo.InvariantCulture);
        using var response = await _http.GetAsync($"/v1/scans/{scanId}?wait={seconds}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ScanResult>(Json, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        List<EventReaders> open;
        lock (_subscriptions)
            open = [.. _subscriptions];
        foreach (var readers in open)
            await readers.DisposeAsync();
        _http.Dispose();
        _events.Dispose();
    }

    private static async Task<string?> ReadProblemTitleAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            return problem.TryGetProperty("title", out var title) ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The SSE readers of one subscription; disposing closes their connections, which ends them on the silo.</summary>
    private sealed class EventReaders : IAsyncDisposable
    {
        public CancellationTokenSource Stop { get; } = new();

        public List<Task> Tasks { get; } = [];

        public async ValueTask DisposeAsync()
        {
            if (Stop.IsCancellationRequested)
                return;
            await Stop.CancelAsync();
            await Task.WhenAll(Tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Stop.Dispose();
        }
    }

    private async Task ReadEventsAsync(string scanner, Action<ScanResult> onResult, TaskCompletionSource subscribed, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await _events.GetStreamAsync($"/v1/scanners/{Uri.EscapeDataString(scanner)}/results", cancellationToken);
            using var reader = new StreamReader(stream);
            while (!cancellationToken.IsCancellationRequested)
            {
                var line = await reader.ReadLineAsync(cancellationToken);
                if (line is null)
                    break;
                if (line.StartsWith(": subscribed", StringComparison.Ordinal))
                    subscribed.TrySetResult();
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonSerializer.Deserialize<ScanResult>(line.AsSpan(6), Json) is { } result)
                    onResult(result);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            subscribed.TrySetException(ex);
        }
    }
}
