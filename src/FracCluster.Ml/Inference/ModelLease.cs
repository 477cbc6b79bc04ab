namespace FracCluster.Ml.Inference;

/// <summary>
/// Reference count around one classifier in a <see cref="SwappableClassifier"/>: one reference for being current, one
/// per call in progress. The classifier is disposed when it is no longer current and its last call has ended.
/// </summary>
internal sealed class ModelLease
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _references = 1;
    private int _retired;

    public ModelLease(IBatchClassifier classifier) => Classifier = classifier;

    public IBatchClassifier Classifier { get; }

    /// <summary>Completes once the classifier has been disposed and, for an <see cref="InferenceEngine"/>, its model freed.</summary>
    public Task Drained => _drained.Task;

    public bool TryAcquire()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (previous == seen)
                return true;
            seen = previous;
        }
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
            _ = DisposeClassifierAsync();
    }

    /// <summary>Drops the "current" reference; idempotent.</summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
            Release();
    }

    private async Task DisposeClassifierAsync()
    {
        try
        {
            Classifier.Dispose();
            if (Classifier is InferenceEngine engine)
                await engine.Released;
            _drained.TrySetResult();
        }
        catch (Exception ex)
        {
            _drained.TrySetException(ex);
        }
    }
}
