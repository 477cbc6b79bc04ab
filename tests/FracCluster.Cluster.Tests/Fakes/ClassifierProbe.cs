using System.Collections.Concurrent;

namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>
/// What the fake classifiers of one test cluster did, and a gate that holds batches of one model version back so a test
/// can act while work is in flight (no sleeps: the test waits on <see cref="WaitForBlockedAsync"/>).
/// </summary>
public sealed class ClassifierProbe
{
    private readonly ConcurrentQueue<(string Version, int Size)> _batches = new();
    private readonly ConcurrentQueue<string> _disposed = new();
    private readonly ConcurrentQueue<string> _disposedInUse = new();
    private readonly object _gateLock = new();
    private TaskCompletionSource? _gate;
    private string? _gatedVersion;
    private TaskCompletionSource _blocked = NewSignal();
    private int _maxConcurrent;

    public IReadOnlyList<(string Version, int Size)> Batches => _batches.ToList();

    public IReadOnlyList<string> Disposed => _disposed.ToList();

    /// <summary>Versions of classifiers that were disposed while a batch was inside them (a grain bug).</summary>
    public IReadOnlyList<string> DisposedInUse => _disposedInUse.ToList();

    /// <summary>The most batches seen inside one classifier at the same time.</summary>
    public int MaxConcurrentPerClassifier => Volatile.Read(ref _maxConcurrent);

    /// <summary>Batches of <paramref name="version"/> wait until <see cref="Open"/>.</summary>
    public void Close(string version)
    {
        lock (_gateLock)
        {
            _gate = NewSignal();
            _gatedVersion = version;
            _blocked = NewSignal();
        }
    }

    public void Open()
    {
        lock (_gateLock)
        {
            _gate?.TrySetResult();
            _gate = null;
            _gatedVersion = null;
        }
    }

    /// <summary>Completes when a batch is held at the gate.</summary>
    public Task WaitForBlockedAsync(TimeSpan timeout)
    {
        lock (_gateLock)
            return _blocked.Task.WaitAsync(timeout);
    }

    internal async Task PassAsync(string version, int size, CancellationToken cancellationToken)
    {
        Task? wait = null;
        lock (_gateLock)
        {
            if (_gate is not null && _gatedVersion == version)
            {
                wait = _gate.Task;
                _blocked.TrySetResult();
            }
        }
        if (wait is not null)
            await wait.WaitAsync(cancellationToken);
        _batches.Enqueue((version, size));
    }

    internal void OnConcurrency(int inside)
    {
        var seen = Volatile.Read(ref _maxConcurrent);
        while (inside > seen)
        {
            var previous = Interlocked.CompareExchange(ref _maxConcurrent, inside, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }

    internal void OnDisposed(string version, bool inUse)
    {
        _disposed.Enqueue(version);
        if (inUse)
            _disposedInUse.Enqueue(version);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
