using FracCluster.Contracts;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Options;
using FracCluster.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Batching;

/// <summary>
/// One per silo: collects the scans that this silo's stream consumers receive and closes them into batches for the
/// model grains. Urgent and routine scans wait in separate queues.
/// </summary>
/// <remarks>
/// The rules, in the order they are applied whenever a scan arrives or a batch comes back:
/// <list type="number">
/// <item>At most <see cref="BatchingOptions.MaxOutstandingBatches"/> batches are at model grains at once. A batch only
/// forms when one of those slots is free, so under load scans gather here and batches are full.</item>
/// <item>An urgent scan waiting closes a batch at once ("urgent"): urgent scans first, then routine ones to fill it, with
/// <see cref="BatchingOptions.RoutineSharePerBatch"/> places kept for routine scans while any wait (so a flood of
/// urgent scans cannot starve them).</item>
/// <item>When every slot is taken by routine batches, urgent scans may still go as an express batch of urgent scans
/// only (gathered for up to <see cref="BatchingOptions.UrgentGatherMs"/>), up to <see cref="BatchingOptions.UrgentExpressBatches"/>
/// at once; model grains and devices run urgent batches
/// ahead of routine ones. Express batches are for jumping a routine backlog, not extra capacity for urgent work: while
/// a batch holding urgent scans is in a slot, further urgent scans wait for a slot (and the routine share applies).</item>
/// <item>Otherwise a batch closes when full ("full"), at once when none of this batcher's batches is at a model grain
/// ("device-free", <see cref="BatchingOptions.CloseWhenDeviceFree"/>), or <see cref="BatchingOptions.MaxDelay"/> after
/// its oldest scan arrived ("delay").</item>
/// </list>
/// </remarks>
public sealed partial class ScanBatcher : BackgroundService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly Queue<QueuedScan> _urgent = new();
    private readonly Queue<QueuedScan> _routine = new();
    // Bounded so a silo cannot buffer without limit; admission keeps real traffic well below this, and a full queue
    // makes the stream consumer wait (back-pressure on the stream) rather than drop.
    private readonly SemaphoreSlim _space;
    private readonly BatchingOptions _options;
    private readonly BatchDispatcher _dispatcher;
    private readonly FracMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ScanBatcher> _logger;
    private TaskCompletionSource _changed = NewSignal();
    private int _outstanding;
    private int _outstandingUrgent;
    private int _express;
    private bool _stopped;
    private long _batchCounter;

    public ScanBatcher(IOptions<BatchingOptions> options, BatchDispatcher dispatcher, ScanAdmission admission, FracMetrics metrics, TimeProvider time, ILogger<ScanBatcher> logger)
    {
        _options = options.Value;
        _dispatcher = dispatcher;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        var capacity = Math.Max(_options.QueueCapacity * 4, 1024);
        _space = new SemaphoreSlim(capacity, capacity);
        metrics.ObserveQueue(() => admission.Admitted, () => Queued);
    }

    /// <summary>Scans waiting here for a batch.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
                return _urgent.Count + _routine.Count;
        }
    }

    /// <summary>Urgent scans waiting here for a batch.</summary>
    public int QueuedUrgent
    {
        get
        {
            lock (_gate)
                return _urgent.Count;
        }
    }

    public async ValueTask EnqueueAsync(ScanArrived scan, CancellationToken cancellationToken = default)
    {
        await _space.WaitAsync(cancellationToken);
        lock (_gate)
        {
            if (_stopped)
            {
                _space.Release();
                throw new InvalidOperationException("The silo's batcher has stopped; the scan stays pending and is redriven.");
            }
            (scan.Priority == ScanPriority.Urgent ? _urgent : _routine).Enqueue(new QueuedScan(scan, _time.GetTimestamp()));
            SignalLocked();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outstanding = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Task changed;
                TimeSpan? wait;
                ScanBatch? batch;
                BatchSlot slot;
                lock (_gate)
                {
                    batch = TryClose(out slot, out wait);
                    changed = _changed.Task;
                }
                if (batch is not null)
                {
                    _metrics.BatchClosed(batch.ClosedBecause, batch.IsUrgent);
                    outstanding.RemoveAll(t => t.IsCompleted);
                    outstanding.Add(DispatchAsync(batch, slot, stoppingToken));
                    continue;
                }
                try
                {
                    await (wait is { } w ? changed.WaitAsync(w, _time, stoppingToken) : changed.WaitAsync(stoppingToken));
                }
                catch (TimeoutException)
                {
                    // The oldest routine scan's delay is up: the next pass closes its batch.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Batches already at model grains finish; their results are stored by the model grains.
        await Task.WhenAll(outstanding);
        await DrainAsync();
    }

    /// <summary>Closes the next batch if the rules allow one now; otherwise says how long to wait at most (null: until something changes).</summary>
    private ScanBatch? TryClose(out BatchSlot slot, out TimeSpan? wait)
    {
        slot = BatchSlot.Routine;
        wait = null;
        var max = _options.MaxBatchSize;
        var slotFree = _outstanding < _options.MaxOutstandingBatches;
        if (_urgent.Count > 0)
        {
            if (slotFree)
            {
                var urgentPlaces = _routine.Count > 0 ? max - _options.EffectiveRoutineShare : max;
                var scans = Take(_urgent, urgentPlaces);
                scans.AddRange(Take(_routine, max - scans.Count));
                _outstanding++;
                _outstandingUrgent++;
                slot = BatchSlot.Urgent;
                return NewBatch(scans, scans.Count >= max ? BatchCloseReasons.Full : BatchCloseReasons.Urgent);
            }
            if (_express < _options.UrgentExpressBatches && _outstandingUrgent == 0)
            {
                // Urgent scans sent together reach the batcher a few milliseconds apart: gathering them briefly makes
                // one express pass instead of several, and costs nothing, as the device is busy with a routine pass.
                var gather = _options.UrgentGather - _time.GetElapsedTime(_urgent.Peek().EnqueuedAt);
                if (gather > TimeSpan.Zero && _urgent.Count < max)
                {
                    wait = gather;
                    return null;
                }
                slot = BatchSlot.Express;
                _express++;
                return NewBatch(Take(_urgent, max), BatchCloseReasons.Urgent);
            }
            return null;
        }

        if (_routine.Count == 0 || !slotFree)
            return null;
        string? reason = null;
        if (_routine.Count >= max)
            reason = BatchCloseReasons.Full;
        else if (_options.CloseWhenDeviceFree && _outstanding == 0 && _express == 0)
            reason = BatchCloseReasons.DeviceFree;
        else
        {
            var left = _options.MaxDelay - _time.GetElapsedTime(_routine.Peek().EnqueuedAt);
            if (left <= TimeSpan.Zero)
                reason = BatchCloseReasons.Delay;
            else
                wait = left;
        }
        if (reason is null)
            return null;
        _outstanding++;
        return NewBatch(Take(_routine, max), reason);
    }

    private List<ScanArrived> Take(Queue<QueuedScan> queue, int count)
    {
        var scans = new List<ScanArrived>(Math.Min(count, queue.Count));
        while (scans.Count < count && queue.TryDequeue(out var queued))
            scans.Add(queued.Scan);
        if (scans.Count > 0)
            _space.Release(scans.Count);
        return scans;
    }

    private ScanBatch NewBatch(IReadOnlyList<ScanArrived> scans, string reason) => new()
    {
        BatchId = $"{Environment.ProcessId:x}-{Interlocked.Increment(ref _batchCounter)}",
        Scans = scans,
        ClosedAt = _time.GetUtcNow(),
        ClosedBecause = reason,
    };

    private async Task DispatchAsync(ScanBatch batch, BatchSlot slot, CancellationToken cancellationToken)
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
            lock (_gate)
            {
                switch (slot)
                {
                    case BatchSlot.Express:
                        _express--;
                        break;
                    case BatchSlot.Urgent:
                        _outstandingUrgent--;
                        _outstanding--;
                        break;
                    default:
                        _outstanding--;
                        break;
                }
                SignalLocked();
            }
        }
    }

    /// <summary>
    /// On shutdown, scans still queued here go to model grains (other silos' included) instead of staying Pending; a
    /// scan no model can take gets a final Rejected state from the dispatcher. Urgent scans go first.
    /// </summary>
    private async Task DrainAsync()
    {
        List<ScanArrived> left;
        lock (_gate)
        {
            _stopped = true;
            left = [.. Take(_urgent, int.MaxValue), .. Take(_routine, int.MaxValue)];
        }
        if (left.Count == 0)
            return;
        LogDraining(_logger, left.Count);
        using var timeout = new CancellationTokenSource(DrainTimeout);
        foreach (var chunk in left.Chunk(_options.MaxBatchSize))
        {
            var batch = NewBatch(chunk, BatchCloseReasons.Shutdown);
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

    private void SignalLocked()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Which limit a dispatched batch counts against.</summary>
    private enum BatchSlot
    {
        /// <summary>One of MaxOutstandingBatches, routine scans only.</summary>
        Routine,

        /// <summary>One of MaxOutstandingBatches, holding urgent scans.</summary>
        Urgent,

        /// <summary>Beyond MaxOutstandingBatches: urgent scans only.</summary>
        Express,
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Silo stopping: dispatching the {Count} scans still queued in its batcher")]
    private static partial void LogDraining(ILogger logger, int count);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Batch {BatchId} ({Count} scans) could not be dispatched")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string batchId, int count);
}
