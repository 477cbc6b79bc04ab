using System.Collections.Concurrent;
using System.Diagnostics;
using FracCluster.Ml.Inference;

namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>
/// A device that takes a fixed time per forward pass, run on the real <see cref="DeviceThread"/> (with its priority
/// queues), so a test sees the order in which batches reached the device while a backlog waits.
/// </summary>
public sealed class SlowDevice : IDisposable
{
    private readonly ConcurrentQueue<DevicePass> _passes = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private int _urgentImagesWaiting;

    public SlowDevice(TimeSpan perPass)
    {
        PerPass = perPass;
        Thread = new DeviceThread("slow-cpu", queueCapacity: 16);
    }

    public TimeSpan PerPass { get; }

    public DeviceThread Thread { get; }

    /// <summary>Every forward pass in the order the device ran it.</summary>
    public IReadOnlyList<DevicePass> Passes => _passes.ToList();

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Images of urgent batches handed to the device and not yet started.</summary>
    public int UrgentImagesWaiting => Volatile.Read(ref _urgentImagesWaiting);

    /// <summary>The next pass to start waits (on the device thread) until <see cref="Release"/>: work queues up meanwhile.</summary>
    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    public void Dispose()
    {
        _open.Set();
        Thread.Dispose();
        _open.Dispose();
    }

    internal void Queued(int images, WorkPriority priority)
    {
        if (priority == WorkPriority.High)
            Interlocked.Add(ref _urgentImagesWaiting, images);
    }

    internal T Run<T>(int images, WorkPriority priority, Func<T> work)
    {
        if (priority == WorkPriority.High)
            Interlocked.Add(ref _urgentImagesWaiting, -images);
        _open.Wait(TimeSpan.FromSeconds(60));
        var started = _clock.Elapsed;
        System.Threading.Thread.Sleep(PerPass);
        var result = work();
        _passes.Enqueue(new DevicePass(images, priority, started, _clock.Elapsed));
        return result;
    }
}

/// <summary>One forward pass of a <see cref="SlowDevice"/>.</summary>
public sealed record DevicePass(int Images, WorkPriority Priority, TimeSpan Started, TimeSpan Ended);
