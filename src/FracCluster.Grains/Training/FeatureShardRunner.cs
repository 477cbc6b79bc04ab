using System.Collections.Concurrent;
using System.Text.Json;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Models;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Torch;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Training;

/// <summary>
/// This silo's feature-extraction work, outside any grain: shards run in the background on the silo's first model device,
/// at most <see cref="ClusterTrainingOptions.ExtractionConcurrency"/> at a time, each after letting in-flight inference
/// finish (bounded wait). A shard's result is one blob written atomically, so a shard is either done or not there.
/// </summary>
public sealed partial class FeatureShardRunner(
    IBlobStore blobs,
    IOptions<ClusterTrainingOptions> options,
    ITrainingProbe probe,
    LocalModelRegistry registry,
    ILocalSiloDetails silo,
    SiloStopping stopping,
    TimeProvider time,
    ILogger<FeatureShardRunner> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(string Run, int Shard), ShardReport> _shards = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _device = new(options.Value.ExtractionConcurrency, options.Value.ExtractionConcurrency);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly ConcurrentDictionary<string, SplitManifest> _manifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BlobDatasetSource> _datasets = new(StringComparer.Ordinal);
    private LoadedBackbone? _backbone;

    private string SiloName => silo.SiloAddress.ToParsableString();

    /// <summary>Queues the shard unless it is already queued, running or done here; a failed one is retried.</summary>
    public void Start(FeatureShardWork work)
    {
        var key = (work.RunId, work.ShardIndex);
        var queued = new ShardReport(work.ShardIndex, ShardState.Queued);
        if (!_shards.TryAdd(key, queued))
        {
            if (!_shards.TryGetValue(key, out var existing) || existing.State != ShardState.Failed || !_shards.TryUpdate(key, queued, existing))
                return;
        }
        var run = _runs.GetOrAdd(work.RunId, _ => CancellationTokenSource.CreateLinkedTokenSource(stopping.Token));
        _ = Task.Run(() => RunShardAsync(work, run.Token));
    }

    public IReadOnlyList<ShardReport> Reports(string runId) =>
        _shards.Where(kv => kv.Key.Run == runId).Select(kv => kv.Value).OrderBy(r => r.ShardIndex).ToList();

    public void StopRun(string runId)
    {
        if (_runs.TryRemove(runId, out var cts))
        {
            cts.Cancel();
            cts.Dispose();
        }
        foreach (var key in _shards.Keys.Where(k => k.Run == runId).ToList())
            _shards.TryRemove(key, out _);
        foreach (var key in _manifests.Keys.Where(k => k.StartsWith(RunKeys.Root(runId) + "/", StringComparison.Ordinal)).ToList())
            _manifests.TryRemove(key, out _);
    }

    private async Task RunShardAsync(FeatureShardWork work, CancellationToken cancellationToken)
    {
        var key = (work.RunId, work.ShardIndex);
        var acquired = false;
        try
        {
            await _device.WaitAsync(cancellationToken);
            acquired = true;
            _shards[key] = new ShardReport(work.ShardIndex, ShardState.Running);
            await probe.BeforeShardAsync(work.RunId, work.ShardIndex, SiloName, cancellationToken);
            var started = time.GetTimestamp();
            var images = await ExtractAsync(work, cancellationToken);
            _shards[key] = new ShardReport(work.ShardIndex, ShardState.Done);
            probe.ShardWritten(work.RunId, work.ShardIndex, SiloName);
            LogShardDone(logger, work.RunId, work.ShardIndex, images, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run was cancelled or this silo is stopping: nothing was written, the coordinator reassigns the shard.
            _shards.TryRemove(key, out _);
        }
        catch (Exception ex)
        {
            _shards[key] = new ShardReport(work.ShardIndex, ShardState.Failed, $"{ex.GetType().Name}: {ex.Message}");
            LogShardFailed(logger, ex, work.RunId, work.ShardIndex);
        }
        finally
        {
            if (acquired)
                _device.Release();
        }
    }

    /// <summary>Bounded: waits while local model grains have images in flight, never longer than the configured limit.</summary>
    private async Task YieldToInferenceAsync(CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromMilliseconds(options.Value.MaxInferenceYieldMilliseconds);
        var started = time.GetTimestamp();
        while (registry.Snapshot().Any(m => m.InFlightImages > 0) && time.GetElapsedTime(started) < limit)
            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken);
    }

    private async Task<int> ExtractAsync(FeatureShardWork work, CancellationToken cancellationToken)
    {
        var manifest = await ManifestAsync(work.ManifestKey, cancellationToken);
        if (work.Start < 0 || work.Count < 0 || work.Start + work.Count > manifest.Entries.Count)
            throw new ArgumentOutOfRangeException(nameof(work), $"Shard {work.ShardIndex} covers [{work.Start}, {work.Start + work.Count}) of a manifest with {manifest.Entries.Count} entries.");
        var entries = manifest.Entries.Skip(work.Start).Take(work.Count).ToList();
        var source = await DatasetAsync(work.Dataset, cancellationToken);
        var backbone = await BackboneAsync(work.Weights, work.ImageSize, cancellationToken);
        var cache = new FeatureCache(blobs, backbone.BackboneSha256, backbone.Preprocess.Fingerprint(), backbone.Checkpoint.Model.FeatureCount);
        var decoder = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), backbone.Preprocess), source.ReadAsync, options.Value.DecodeParallelism);
        var extractor = new FeatureExtractor(backbone.Checkpoint.Model, backbone.Device, decoder, cache, options.Value.InferenceBatchSize, logger);
        // One backbone batch at a time, yielding to inference before each: the device is shared in small slices.
        var parts = new List<FeatureSet>();
        var skipped = new List<BadEntry>();
        foreach (var chunk in entries.Chunk(options.Value.InferenceBatchSize))
        {
            await YieldToInferenceAsync(cancellationToken);
            var result = await extractor.ExtractAsync(chunk, null, cancellationToken);
            parts.Add(result.Features);
            skipped.AddRange(result.Skipped.Select(s => new BadEntry(s.Path, $"{s.Reason}: {s.Message}")));
        }
        await blobs.PutAsync(RunKeys.ShardSkipped(work.OutputKey), JsonSerializer.SerializeToUtf8Bytes(skipped), cancellationToken);
        await blobs.PutAsync(work.OutputKey, FeatureSet.Concat(parts, backbone.Checkpoint.Model.FeatureCount).Serialize(), cancellationToken);
        return entries.Count;
    }

    private async Task<SplitManifest> ManifestAsync(string key, CancellationToken cancellationToken)
    {
        if (_manifests.TryGetValue(key, out var cached))
            return cached;
        var manifest = await SplitManifest.LoadAsync(blobs, key, cancellationToken);
        return _manifests.GetOrAdd(key, manifest);
    }

    private async Task<BlobDatasetSource> DatasetAsync(string dataset, CancellationToken cancellationToken)
    {
        if (_datasets.TryGetValue(dataset, out var cached))
            return cached;
        var source = await TrainingData.OpenAsync(blobs, dataset, cancellationToken);
        return _datasets.GetOrAdd(dataset, source);
    }

    /// <summary>One backbone at a time is kept loaded; a run with other weights replaces it.</summary>
    private async Task<LoadedBackbone> BackboneAsync(string weights, int? imageSize, CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            var device = registry.Devices.Count > 0 ? registry.Devices[0] : "cpu";
            if (_backbone is { } current && current.Reference == weights && current.ImageSize == imageSize)
                return current;
            var path = await CheckpointResolver.ResolveAsync(blobs, weights, cancellationToken);
            var loaded = await Task.Run(() => LoadedBackbone.Load(weights, imageSize, path, device), cancellationToken);
            _backbone?.Dispose();
            _backbone = loaded;
            return loaded;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public void Dispose()
    {
        _backbone?.Dispose();
        foreach (var cts in _runs.Values)
            cts.Dispose();
        _device.Dispose();
        _loadGate.Dispose();
    }

    /// <summary>A frozen backbone ready for feature extraction, with what identifies its features.</summary>
    private sealed class LoadedBackbone : IDisposable
    {
        private LoadedBackbone(string reference, int? imageSize, LoadedCheckpoint checkpoint, PreprocessOptions preprocess, TorchSharp.torch.Device device)
        {
            Reference = reference;
            ImageSize = imageSize;
            Checkpoint = checkpoint;
            Preprocess = preprocess;
            Device = device;
            BackboneSha256 = ModuleFingerprint.Sha256(checkpoint.Model.Backbone);
        }

        public string Reference { get; }

        public int? ImageSize { get; }

        public LoadedCheckpoint Checkpoint { get; }

        public PreprocessOptions Preprocess { get; }

        public TorchSharp.torch.Device Device { get; }

        public string BackboneSha256 { get; }

        public static LoadedBackbone Load(string reference, int? imageSize, string path, string device)
        {
            var parsed = TorchRuntime.ParseDevice(device);
            var checkpoint = ModelCheckpoint.Load(path, parsed);
            FrozenBackbone.Freeze(checkpoint.Model);
            var preprocess = imageSize is { } size ? checkpoint.Metadata.Preprocess with { Size = size } : checkpoint.Metadata.Preprocess;
            return new LoadedBackbone(reference, imageSize, checkpoint, preprocess, parsed);
        }

        public void Dispose() => Checkpoint.Dispose();
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Run {RunId}: shard {Shard} ({Images} images) extracted in {Ms:F0} ms")]
    private static partial void LogShardDone(ILogger logger, string runId, int shard, int images, double ms);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Run {RunId}: shard {Shard} failed")]
    private static partial void LogShardFailed(ILogger logger, Exception exception, string runId, int shard);
}
