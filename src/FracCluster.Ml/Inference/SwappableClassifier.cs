using FracCluster.Ml.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FracCluster.Ml.Inference;

/// <summary>
/// Serves whichever model version is current and swaps versions atomically. Each call runs entirely on the version
/// that was current when it started; a swapped-out version finishes its calls in progress and is then disposed.
/// </summary>
/// <remarks>
/// To publish a new version on a device:
/// <code>
/// var next = new InferenceEngine(model, metadata, options, loggerFactory, holder.DeviceThread);  // load beside the old one
/// await next.WarmUpAsync(ct);                                                              // before it takes traffic
/// await holder.SwapAsync(next);                                                            // completes when the old one is freed
/// </code>
/// Sharing one <see cref="DeviceThread"/> between versions keeps a single thread per device: batches of the old and the
/// new version queue behind each other on it. Results carry <see cref="ImageClassification.ModelVersion"/>, so callers
/// can tell which version classified each image across a swap.
/// </remarks>
public sealed partial class SwappableClassifier : IBatchClassifier
{
    private readonly ILogger _logger;
    private ModelLease _current;
    private int _disposed;

    public SwappableClassifier(IBatchClassifier initial, ILogger<SwappableClassifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = new ModelLease(initial);
        _logger = logger ?? NullLogger<SwappableClassifier>.Instance;
    }

    /// <summary>The version serving new calls.</summary>
    public IBatchClassifier Current => Volatile.Read(ref _current).Classifier;

    public CheckpointMetadata Model => Current.Model;

    public string Device => Current.Device;

    /// <summary>The current engine's device thread, to share with the next version; null when the current classifier is not an engine.</summary>
    public DeviceThread? DeviceThread => (Current as InferenceEngine)?.DeviceThread;

    public Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default) =>
        ClassifyAsync(images, WorkPriority.Normal, cancellationToken);

    public async Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, WorkPriority priority, CancellationToken cancellationToken = default)
    {
        var lease = Acquire();
        try
        {
            return await lease.Classifier.ClassifyAsync(images, priority, cancellationToken);
        }
        finally
        {
            lease.Release();
        }
    }

    /// <summary>
    /// Makes <paramref name="next"/> current at once (it should be warmed up already). The returned task completes when
    /// the previous version has finished its calls in progress and has been disposed.
    /// </summary>
    public Task SwapAsync(IBatchClassifier next)
    {
        ArgumentNullException.ThrowIfNull(next);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var previous = Interlocked.Exchange(ref _current, new ModelLease(next));
        LogSwapped(previous.Classifier.Model.VersionLabel, next.Model.VersionLabel, next.Device);
        previous.Retire();
        return previous.Drained;
    }

    /// <summary>Stops taking calls; the current version is disposed after its calls in progress end.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            Volatile.Read(ref _current).Retire();
    }

    private ModelLease Acquire()
    {
        while (true)
        {
            var lease = Volatile.Read(ref _current);
            if (lease.TryAcquire())
                return lease;
            // Retired between the read and the acquire: either a newer version is current now, or we are disposed.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Model {PreviousVersion} replaced by {NextVersion} on {Device}; the previous one drains and is then released")]
    private partial void LogSwapped(string previousVersion, string nextVersion, string device);
}
