using System.Threading.Channels;
using FracCluster.Contracts;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Options;
using FracCluster.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Batching;

/// <summary>
/// One per silo: collects the scans that this silo's stream consumers receive and closes batches at
/// <see cref="BatchingOptions.MaxBatchSize"/> scans or <see cref="BatchingOptions.MaxDelay"/> after the batch's first
/// scan arrived, whichever comes first. At most <see cref="BatchingOptions.MaxOutstandingBatches"/> batches are at model
/// grains at once; a batch only starts forming when a slot is free, so under load batches are full.
/// </summary>
public sealed partial class ScanBatcher : BackgroundService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    private readonly Channel<QueuedScan> _queue;
    private readonly BatchingOptions _options;
    private readonly BatchDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger<ScanBatcher> _logger;
    private readonly SemaphoreSlim _slots;
    private long _batchCounter;

    public ScanBatcher(IOptions<BatchingOptions> options, BatchDispatcher dispatcher, ScanAdmission admission, FracMetrics metrics, TimeProvider time, ILogger<ScanBatcher> logger)
    {
        _options = options.Value;
        _dispatcher = dispatcher;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxOutstandingBatches, _options.MaxOutstandingBatches);
        // Bounded so a silo cannot buffer without limit; admission keeps real traffic well below this, and a full
        // queue makes the stream consumer wait (back-pressure on the stream) rather than drop.
        _queue = Channel.CreateBounded<QueuedScan>(new BoundedChannelOptions(Math.Max(_options.QueueCapacity * 4, 1024))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        metrics.ObserveQueue(() => admission.Admitted, () => _queue.Reader.Count);
    }

    /// <summary>Scans waiting here for a batch.</summary>
    public int Queued => _queue.Reader.Count;

    public async ValueTask EnqueueAsync(ScanArrived scan, CancellationToken cancellationToken = default) =>
        await _queue.Writer.WriteAsync(new QueuedScan(scan, _time.GetTimestamp()), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outstanding = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _slots.WaitAsync(stoppingToken);
                var batch = await NextBatchAsync(stoppingToken);
                if (batch is null)
                {
                    _slots.Release();
                    break;
                }
                outstanding.RemoveAll(t => t.IsCompleted);
                outstanding.Add(DispatchAsync(batch, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Batches already at model grains finish; their results are stored by the model grains.
        await Task.WhenAll(outstanding);
        await DrainAsync();
    }

    /// <summary>
    /// On shutdown, scans still queued here go to model grains (other silos' included) instead of staying Pending; a
    /// scan no model can take gets a final Rejected state from the dispatcher.
    /// </summary>
    private async Task DrainAsync()
    {
        var left = new List<ScanArrived>();
        while (_queue.Reader.TryRead(out var queued))
            left.Add(queued.Scan);
        if (left.Count == 0)
            return;
        LogDraining(_logger, left.Count);
        using var timeout = new CancellationTokenSource(DrainTimeout);
        foreach (var chunk in left.Chunk(_options.MaxBatchSize))
        {
            var batch = new ScanBatch
            {
                BatchId = $"{Environment.ProcessId:x}-{Interlocked.Increment(ref _batchCounter)}",
                Scans = chunk,
                ClosedAt = _time.GetUtcNow(),
                ClosedBecause = "shutdown",
            };
            try
            {
                await _dispatcher.DispatchAsync(batch, timeout.Token);
            }
            catch (Exception ex)
            {
                LogDispatchFailed(_logger, ex, batch.BatchId, batch.Scans.Count);
            }
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Silo stopping: dispatching the {Count} scans still queued in its batcher")]
    private static partial void LogDraining(ILogger logger, int count);

    private async Task DispatchAsync(ScanBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await _dispatcher.DispatchAsync(batch, cancellationToken);
        }
        catch (Exception ex)
        {
            LogDispatchFailed(_logger, ex, batch.BatchId, batch.Scans.Count);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<ScanBatch?> NextBatchAsync(CancellationToken cancellationToken)
    {
        if (!await _queue.Reader.WaitToReadAsync(cancellationToken))
            return null;
        if (!_queue.Reader.TryRead(out var first))
            return await NextBatchAsync(cancellationToken);

        var max = _options.MaxBatchSize;
        var scans = new List<ScanArrived>(max) { first.Scan };
        var closesAt = first.EnqueuedAt + (long)(_options.MaxDelay.TotalSeconds * _time.TimestampFrequency);
        while (scans.Count < max)
        {
            if (_queue.Reader.TryRead(out var next))
            {
                scans.Add(next.Scan);
                continue;
            }
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), closesAt);
            if (remaining <= TimeSpan.Zero)
                break;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(remaining);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(wait.Token))
                    break;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        return new ScanBatch
        {
            BatchId = $"{Environment.ProcessId:x}-{Interlocked.Increment(ref _batchCounter)}",
            Scans = scans,
            ClosedAt = _time.GetUtcNow(),
            ClosedBecause = scans.Count >= max ? "full" : "delay",
        };
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Batch {BatchId} ({Count} scans) could not be dispatched")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string batchId, int count);
}
