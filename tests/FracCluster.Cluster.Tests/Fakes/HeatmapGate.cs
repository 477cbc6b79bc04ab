namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>Decides how the fake's heatmaps end: they hang until told otherwise, or fail.</summary>
public sealed class HeatmapGate
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requested;

    /// <summary>Heatmap passes asked for so far.</summary>
    public int Requested => Volatile.Read(ref _requested);

    /// <summary>From now on heatmaps wait (a device that never gets to them).</summary>
    public void Hang() => Interlocked.Exchange(ref _current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Heatmaps waiting now and from now on fail.</summary>
    public void Fail() => Volatile.Read(ref _current).TrySetException(new InvalidOperationException("heatmap pass failed (test)"));

    public Task PassAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requested);
        return Volatile.Read(ref _current).Task.WaitAsync(cancellationToken);
    }
}
