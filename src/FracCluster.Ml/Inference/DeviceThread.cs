using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace FracCluster.Ml.Inference;

/// <summary>
/// One long-running thread that owns a torch device's work. TorchSharp's grad modes and dispose scopes belong to a
/// thread and do not follow an <c>await</c>, so every forward pass for a device runs here, one at a time. Callers queue
/// work through a bounded channel (back-pressure) and await its result; <see cref="WorkPriority.High"/> work has a queue
/// of its own that the thread always empties first, so an urgent batch waits at most for the pass that is running.
/// <see cref="WorkPriority.Low"/> work (heatmaps) runs only when the other two queues are empty, so classification waits
/// for at most one low-priority item already running.
/// Disposing drains both queues: work already queued still runs, new work is refused.
/// </summary>
public sealed partial class DeviceThread : IDisposable
{
    private readonly Channel<DeviceWorkItem> _queue;
    // Unbounded: high-priority work is rare (urgent scans) and bounded upstream by the batcher's express batches; making
    // it wait for space behind normal work would defeat its purpose. Not SingleReader: the thread may leave a wait on it
    // pending while it serves the other queue, which the single-reader channel does not allow.
    private readonly Channel<DeviceWorkItem> _urgent = Channel.CreateUnbounded<DeviceWorkItem>();
    // Bounded like the normal queue: background work that piles up should wait at its source, not here.
    private readonly Channel<DeviceWorkItem> _background;
    private readonly Thread _thread;
    private readonly ILogger _logger;
    // Only the device thread touches these (see WaitToRead).
    private Task<bool>? _urgentWait;
    private Task<bool>? _normalWait;
    private Task<bool>? _backgroundWait;
    private int _disposed;

    public DeviceThread(string name, int queueCapacity = 4, ILogger<DeviceThread>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        Name = name;
        _logger = logger ?? NullLogger<DeviceThread>.Instance;
        _queue = Channel.CreateBounded<DeviceWorkItem>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _background = Channel.CreateBounded<DeviceWorkItem>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _thread = new Thread(Run) { IsBackground = true, Name = $"torch {name}" };
        _thread.Start();
    }

    /// <summary>The device this thread serves, e.g. "cpu" or "cuda:0".</summary>
    public string Name { get; }

    /// <summary>Work items waiting for the thread (not counting the one running).</summary>
    public int QueuedCount => _queue.Reader.Count + _urgent.Reader.Count + _background.Reader.Count;

    /// <summary>True when called from this device thread.</summary>
    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs <paramref name="work"/> on the device thread. Waits for queue space first. Cancelling removes the work
    /// if it has not started; once started it runs to the end.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<T> work, CancellationToken cancellationToken = default) =>
        InvokeAsync(work, WorkPriority.Normal, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on the device thread; <see cref="WorkPriority.High"/> work runs before any normal work
    /// still queued (never before work already running), <see cref="WorkPriority.Low"/> work after all of it.
    /// </summary>
    public async Task<T> InvokeAsync<T>(Func<T> work, WorkPriority priority, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var item = new DeviceWorkItem<T>(work, cancellationToken);
        try
        {
            var queue = priority switch
            {
                WorkPriority.High => _urgent,
                WorkPriority.Low => _background,
                _ => _queue,
            };
            await queue.Writer.WriteAsync(item, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(DeviceThread), $"Device thread '{Name}' has been disposed.");
        }
        return await item.Task;
    }

    /// <summary>
    /// Tensors created on this thread and not yet disposed. Between batches this stays constant when nothing leaks;
    /// the memory benchmark and tests watch it.
    /// </summary>
    public Task<long> CountLiveTensorsAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static () => DisposeScopeManager.Statistics.ThreadTotalLiveCount, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _queue.Writer.TryComplete();
        _urgent.Writer.TryComplete();
        _background.Writer.TryComplete();
        if (!IsCurrentThread)
            _thread.Join();
    }

    private void Run()
    {
        LogStarted(Name);
        var normal = _queue.Reader;
        var urgent = _urgent.Reader;
        var background = _background.Reader;
        // Blocking here is the point: this thread exists only to run device work. The urgent queue is looked at before
        // every item, so urgent work overtakes whatever normal work is still waiting, and background work goes last.
        while (WaitToRead(urgent, normal, background))
        {
            while (urgent.TryRead(out var item) || normal.TryRead(out item) || background.TryRead(out item))
                item.Execute();
        }
        LogStopped(Name);
    }

    /// <summary>Blocks until any queue has work (true) or all are completed and empty (false).</summary>
    /// <remarks>
    /// At most one wait is pending per queue: a fresh wait on every queue at every wake-up would leave one behind on each
    /// idle queue each time (one per batch over a silo's life). A wait that saw work is renewed; one that saw its queue
    /// completed and empty stays as it is.
    /// </remarks>
    private bool WaitToRead(ChannelReader<DeviceWorkItem> urgent, ChannelReader<DeviceWorkItem> normal, ChannelReader<DeviceWorkItem> background)
    {
        if (urgent.Count > 0 || normal.Count > 0 || background.Count > 0)
            return true;
        _urgentWait = Renew(_urgentWait, urgent);
        _normalWait = Renew(_normalWait, normal);
        _backgroundWait = Renew(_backgroundWait, background);
        Task<bool>[] waits = [_urgentWait, _normalWait, _backgroundWait];
        // A queue completed and empty (disposed) answers false; the others can still bring work.
        while (waits.Length > 0)
        {
            var first = Task.WhenAny(waits).GetAwaiter().GetResult();
            if (first.GetAwaiter().GetResult())
                return true;
            waits = [.. waits.Where(w => w != first)];
        }
        return false;
    }

    private static Task<bool> Renew(Task<bool>? wait, ChannelReader<DeviceWorkItem> reader) =>
        wait is null || (wait.IsCompletedSuccessfully && wait.Result) ? reader.WaitToReadAsync().AsTask() : wait;

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Device thread {Device} started")]
    private partial void LogStarted(string device);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Device thread {Device} stopped")]
    private partial void LogStopped(string device);
}
