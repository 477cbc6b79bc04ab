using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace FracCluster.Ml.Inference;

/// <summary>
/// One long-running thread that owns a torch device's work. TorchSharp's grad modes and dispose scopes belong to a
/// thread and do not follow an <c>await</c>, so every forward pass for a device runs here, in order, one at a time.
/// Callers queue work through a bounded channel (back-pressure) and await its result. Disposing drains the queue:
/// work already queued still runs, new work is refused.
/// </summary>
public sealed partial class DeviceThread : IDisposable
{
    private readonly Channel<DeviceWorkItem> _queue;
    private readonly Thread _thread;
    private readonly ILogger _logger;
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
        _thread = new Thread(Run) { IsBackground = true, Name = $"torch {name}" };
        _thread.Start();
    }

    /// <summary>The device this thread serves, e.g. "cpu" or "cuda:0".</summary>
    public string Name { get; }

    /// <summary>Work items waiting for the thread (not counting the one running).</summary>
    public int QueuedCount => _queue.Reader.Count;

    /// <summary>True when called from this device thread.</summary>
    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Runs <paramref name="work"/> on the device thread. Waits for queue space first. Cancelling removes the work
    /// if it has not started; once started it runs to the end.
    /// </summary>
    public async Task<T> InvokeAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var item = new DeviceWorkItem<T>(work, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken);
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
        if (!IsCurrentThread)
            _thread.Join();
    }

    private void Run()
    {
        LogStarted(Name);
        var reader = _queue.Reader;
        // Blocking here is the point: this thread exists only to run device work.
        while (WaitToRead(reader))
        {
            while (reader.TryRead(out var item))
                item.Execute();
        }
        LogStopped(Name);
    }

    private static bool WaitToRead(ChannelReader<DeviceWorkItem> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Device thread {Device} started")]
    private partial void LogStarted(string device);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Device thread {Device} stopped")]
    private partial void LogStopped(string device);
}
