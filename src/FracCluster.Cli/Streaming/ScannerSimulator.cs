using System.Collections.Concurrent;
using System.Diagnostics;
using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

/// <summary>
/// Sends images as <c>K</c> scanners at an overall rate, each scan with a client scan id so a 503 can be retried
/// without creating a second scan, and collects results from the results streams. Ends with every accepted scan
/// accounted for: a result, or counted as lost.
/// </summary>
public sealed class ScannerSimulator(IScanTransport transport, ScannerSimulatorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _sentAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScanResult> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _imageIndex = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _latency = new(StringComparer.Ordinal);
    private int _duplicates;
    private int _redelivered;
    private int _retries;
    private int _refused;
    private int _accepted;
    private readonly ScanSendOptions _send = new() { Priority = options.Priority, DeadlineMilliseconds = options.DeadlineMilliseconds };
    private readonly ConcurrentDictionary<string, int> _refusedBy = new(StringComparer.Ordinal);

    public int Accepted => Volatile.Read(ref _accepted);

    public int ResultCount => _results.Count;

    public event Action<string>? Warning;

    public async Task<StreamSummary> RunAsync(IReadOnlyList<byte[]> images, CancellationToken cancellationToken)
    {
        var scanners = Enumerable.Range(0, options.Scanners).Select(i => $"{options.ScannerPrefix}-{i:D2}").ToList();
        var latencies = new ConcurrentBag<double>();
        await using var subscription = await transport.SubscribeAsync(scanners, result =>
        {
            if (!result.IsFinal)
                return;
            if (!_results.TryAdd(result.ScanId, result))
            {
                // The same stored result delivered again (streams deliver at least once: a redelivery after a silo
                // crash) is absorbed by its scan id; a different result for a scan already reported is a duplicate.
                if (_results.TryGetValue(result.ScanId, out var first) && first == result)
                    Interlocked.Increment(ref _redelivered);
                else
                    Interlocked.Increment(ref _duplicates);
                return;
            }
            if (_sentAt.TryGetValue(result.ScanId, out var sent))
            {
                var latency = time.GetElapsedTime(sent).TotalMilliseconds;
                latencies.Add(latency);
                _latency[result.ScanId] = latency;
            }
        }, cancellationToken);

        var start = time.GetTimestamp();
        var inFlight = new SemaphoreSlim(options.MaxConcurrentSends);
        var sends = new List<Task>(options.Count);
        var runId = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < options.Count; i++)
        {
            // Pace against the start time, not the previous send, so a slow send does not lower the rate.
            var due = TimeSpan.FromSeconds(i / options.Rate);
            var wait = due - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);
            await inFlight.WaitAsync(cancellationToken);
            var scanner = scanners[i % scanners.Count];
            var imageIndex = i % images.Count;
            var clientScanId = $"{runId}-{i:D6}";
            sends.Add(SendAsync(scanner, clientScanId, images[imageIndex], imageIndex, inFlight, cancellationToken));
        }
        await Task.WhenAll(sends);

        // Wait for the results stream to bring every accepted scan, then ask the API for whatever is still missing.
        var deadline = time.GetTimestamp() + (long)(options.ResultTimeout.TotalSeconds * time.TimestampFrequency);
        while (_results.Count < _sentAt.Count && time.GetTimestamp() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        var recovered = 0;
        foreach (var scanId in _sentAt.Keys.Where(id => !_results.ContainsKey(id)).ToList())
        {
            var result = await transport.GetAsync(scanId, TimeSpan.FromSeconds(2), cancellationToken);
            if (result is { IsFinal: true } && _results.TryAdd(scanId, result))
            {
                recovered++;
                Warning?.Invoke($"result of {scanId} found by polling; it never came on the results stream");
            }
        }
        var elapsed = time.GetElapsedTime(start);

        var results = _results.Values.ToList();
        return new StreamSummary
        {
            Sent = _sentAt.Count,
            Retries = _retries,
            Refused = _refused,
            RefusedByReason = new Dictionary<string, int>(_refusedBy, StringComparer.Ordinal),
            Results = results.Count,
            Completed = results.Count(r => r.Status == ScanStatus.Completed),
            Rejected = results.Count(r => r.Status == ScanStatus.Rejected),
            Expired = results.Count(r => r.Status == ScanStatus.Expired),
            Lost = _sentAt.Keys.Count(id => !_results.ContainsKey(id)),
            Duplicates = _duplicates,
            Redelivered = _redelivered,
            RecoveredByPolling = recovered,
            Elapsed = elapsed,
            LatenciesMs = latencies.Order().ToList(),
            Scans = _imageIndex.Select(kv => new StreamedScan(kv.Key, kv.Value, _results.GetValueOrDefault(kv.Key), _latency.TryGetValue(kv.Key, out var l) ? l : null))
                .OrderBy(s => s.Result?.ReceivedAt ?? DateTimeOffset.MaxValue).ThenBy(s => s.ImageIndex).ToList(),
        };
    }

    private async Task SendAsync(string scanner, string clientScanId, byte[] image, int imageIndex, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            var sentAt = time.GetTimestamp();
            for (var attempt = 1; ; attempt++)
            {
                SubmitReply reply;
                try
                {
                    reply = await transport.SubmitAsync(scanner, clientScanId, image, _send, cancellationToken);
                }
                catch (HttpRequestException ex) when (attempt < options.MaxAttempts)
                {
                    reply = new SubmitReply(SubmitStatus.Busy, null, TimeSpan.FromSeconds(1), ex.Message);
                }
                switch (reply.Status)
                {
                    case SubmitStatus.Accepted:
                    case SubmitStatus.Duplicate:
                        // A duplicate is our own earlier attempt that got through: same scan, counted once.
                        _imageIndex.TryAdd(reply.ScanId!, imageIndex);
                        if (_sentAt.TryAdd(reply.ScanId!, sentAt))
                            Interlocked.Increment(ref _accepted);
                        return;
                    case SubmitStatus.Busy when attempt < options.MaxAttempts:
                        Interlocked.Increment(ref _retries);
                        await Task.Delay(reply.RetryAfter, time, cancellationToken);
                        continue;
                    case SubmitStatus.Busy when reply.Reason == "DeadlineUnmeetable":
                        // Refused because the result would come too late: retrying cannot help, so it is counted.
                        Interlocked.Increment(ref _refused);
                        _refusedBy.AddOrUpdate(reply.Reason, 1, (_, n) => n + 1);
                        return;
                    default:
                        Interlocked.Increment(ref _refused);
                        _refusedBy.AddOrUpdate(reply.Reason ?? reply.Status.ToString(), 1, (_, n) => n + 1);
                        Warning?.Invoke($"{clientScanId} from {scanner} refused: {reply.Status} {reply.Detail}");
                        return;
                }
            }
        }
        finally
        {
            inFlight.Release();
        }
    }
}
