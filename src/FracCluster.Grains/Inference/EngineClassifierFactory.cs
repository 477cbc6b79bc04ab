using System.Collections.Concurrent;
using FracCluster.Grains.Options;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Inference;

/// <summary>
/// The production classifier: a TorchSharp <see cref="InferenceEngine"/> per model version. A checkpoint is a local path
/// (X, X.safetensors or X.json) or a blob key of the same shape, read straight from the blob store. All versions
/// served on one device share that device's thread, so an old and a new model never run forward passes at once.
/// </summary>
public sealed partial class EngineClassifierFactory(
    IBlobStore blobs,
    IOptions<ModelsOptions> models,
    IOptions<BatchingOptions> batching,
    ILoggerFactory loggerFactory) : IBatchClassifierFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DeviceThread>> _threads = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<EngineClassifierFactory>();

    public async Task<IBatchClassifier> CreateAsync(string? checkpoint, string device, CancellationToken cancellationToken)
    {
        var reference = string.IsNullOrWhiteSpace(checkpoint) ? models.Value.Checkpoint : checkpoint;
        if (string.IsNullOrWhiteSpace(reference))
            throw new ModelNotConfiguredException();
        var options = new InferenceOptions
        {
            Device = device,
            Threads = models.Value.Threads,
            MaxBatchSize = batching.Value.MaxBatchSize,
            WarmUp = false,
            FoldBatchNorm = models.Value.FoldBatchNorm,
        };
        var thread = _threads.GetOrAdd(device, d => new Lazy<DeviceThread>(() => new DeviceThread(d, logger: loggerFactory.CreateLogger<DeviceThread>()))).Value;

        // Reading weights is blocking file and tensor work: keep it off the grain's scheduler.
        if (!reference.Contains("://", StringComparison.Ordinal) && CheckpointPaths.From(reference).Exists)
            return await Task.Run(() => InferenceEngine.Load(reference, options, loggerFactory, thread), cancellationToken);

        var key = BlobBase(reference);
        await using var weights = await OpenAsync(reference, key + CheckpointPaths.WeightsExtension, cancellationToken);
        await using var metadata = await OpenAsync(reference, key + CheckpointPaths.MetadataExtension, cancellationToken);
        LogFromBlobs(_logger, reference, key);
        return await Task.Run(() =>
        {
            var loaded = ModelCheckpoint.Load(weights, metadata);
            try
            {
                return new InferenceEngine(loaded.Model, loaded.Metadata, options, loggerFactory, thread);
            }
            catch
            {
                loaded.Dispose();
                throw;
            }
        }, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var thread in _threads.Values.Where(t => t.IsValueCreated))
            thread.Value.Dispose();
    }

    /// <summary>"models/b0", "models/b0.json" and "models/b0.safetensors" all name the blob pair models/b0.*.</summary>
    private static string BlobBase(string reference)
    {
        foreach (var extension in (string[])[CheckpointPaths.WeightsExtension, CheckpointPaths.MetadataExtension])
        {
            if (reference.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                return reference[..^extension.Length];
        }
        return reference;
    }

    private async Task<Stream> OpenAsync(string reference, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await blobs.OpenReadAsync(key, cancellationToken);
        }
        catch (Exception ex) when (ex is BlobNotFoundException or ArgumentException)
        {
            throw new CheckpointNotFoundException(reference, $"Checkpoint '{reference}' is neither a local file pair (X.safetensors + X.json) nor a blob pair '{BlobBase(reference)}.safetensors' + '.json' in the blob store (missing '{key}').");
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Loading checkpoint {Reference} from the blob store ({Key}.safetensors + .json)")]
    private static partial void LogFromBlobs(ILogger logger, string reference, string key);
}
