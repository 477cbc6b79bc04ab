using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FracCluster.Grains.Options;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Inference;

/// <summary>
/// The production classifier: a TorchSharp <see cref="InferenceEngine"/> per model version. A checkpoint is a local path
/// (X, X.safetensors or X.json) or a blob key of the same shape; blobs are copied to a local cache first. All versions
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
        var path = await ResolveAsync(reference, cancellationToken);
        var options = new InferenceOptions
        {
            Device = device,
            Threads = models.Value.Threads,
            MaxBatchSize = batching.Value.MaxBatchSize,
            WarmUp = false,
        };
        var thread = _threads.GetOrAdd(device, d => new Lazy<DeviceThread>(() => new DeviceThread(d, logger: loggerFactory.CreateLogger<DeviceThread>()))).Value;
        // Reading weights is blocking file and tensor work: keep it off the grain's scheduler.
        return await Task.Run(() => InferenceEngine.Load(path, options, loggerFactory, thread), cancellationToken);
    }

    public void Dispose()
    {
        foreach (var thread in _threads.Values.Where(t => t.IsValueCreated))
            thread.Value.Dispose();
    }

    /// <summary>A local checkpoint path for <paramref name="reference"/>: itself when the files exist, else a cached copy of the blobs.</summary>
    private async Task<string> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        if (!reference.Contains("://", StringComparison.Ordinal) && CheckpointPaths.From(reference).Exists)
            return reference;

        var key = reference;
        foreach (var extension in (string[])[CheckpointPaths.WeightsExtension, CheckpointPaths.MetadataExtension])
        {
            if (key.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                key = key[..^extension.Length];
        }
        var weights = await blobs.GetAsync(key + CheckpointPaths.WeightsExtension, cancellationToken);
        var metadata = await blobs.GetAsync(key + CheckpointPaths.MetadataExtension, cancellationToken);
        if (weights is null || metadata is null)
            throw new CheckpointNotFoundException(reference, $"Checkpoint '{reference}' is neither a local file pair (X.safetensors + X.json) nor a blob pair '{key}.safetensors' + '{key}.json' in the blob store.");

        var folder = Path.Combine(Path.GetTempPath(), "fraccluster-checkpoints", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference)).AsSpan(0, 8)), Convert.ToHexStringLower(SHA256.HashData(weights).AsSpan(0, 8)));
        Directory.CreateDirectory(folder);
        var basePath = Path.Combine(folder, "model");
        await File.WriteAllBytesAsync(basePath + CheckpointPaths.WeightsExtension, weights, cancellationToken);
        await File.WriteAllBytesAsync(basePath + CheckpointPaths.MetadataExtension, metadata, cancellationToken);
        LogCached(_logger, reference, basePath);
        return basePath;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Checkpoint {Reference} copied from the blob store to {Path}")]
    private static partial void LogCached(ILogger logger, string reference, string path);
}
