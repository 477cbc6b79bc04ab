namespace FracCluster.Ml.Inference;

/// <summary>A unit of work queued to a <see cref="DeviceThread"/>.</summary>
internal abstract class DeviceWorkItem
{
    /// <summary>Runs the work on the device thread, or does nothing when it was cancelled while queued.</summary>
    public abstract void Execute();
}

/// <summary>
/// Work with a result. Cancellation only removes work that has not started: a forward pass cannot be interrupted
/// part-way, and the work may own buffers it must release itself.
/// </summary>
internal sealed class DeviceWorkItem<T> : DeviceWorkItem
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Cancelled = 2;

    // Continuations must not run on the device thread: they would hold it while the next batch waits.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<T> _work;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;
    private int _state;

    public DeviceWorkItem(Func<T> work, CancellationToken cancellationToken)
    {
        _work = work;
        _cancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
            _registration = cancellationToken.UnsafeRegister(static s => ((DeviceWorkItem<T>)s!).CancelIfQueued(), this);
    }

    public Task<T> Task => _completion.Task;

    public override void Execute()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued)
            return;
        _registration.Dispose();
        try
        {
            _completion.TrySetResult(_work());
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken == _cancellationToken)
        {
            _completion.TrySetCanceled(_cancellationToken);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
    }

    private void CancelIfQueued()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            _completion.TrySetCanceled(_cancellationToken);
    }
}
