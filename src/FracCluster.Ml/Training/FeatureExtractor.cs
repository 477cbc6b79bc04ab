using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>
/// Runs the frozen backbone (eval mode, inference mode) once per distinct image and returns pooled features,
/// reading and filling a <see cref="FeatureCache"/> so nothing already computed runs again. A coordinator can give each
/// worker a shard of items and store each result with <see cref="FeatureSet.Serialize"/>.
/// </summary>
public sealed partial class FeatureExtractor
{
    private readonly FeatureClassifier _model;
    private readonly Device _device;
    private readonly ImageBatchDecoder _decoder;
    private readonly FeatureCache? _cache;
    private readonly int _batchSize;
    private readonly ILogger _logger;

    public FeatureExtractor(FeatureClassifier model, Device device, ImageBatchDecoder decoder, FeatureCache? cache, int batchSize, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (cache is not null && cache.FeatureCount != model.FeatureCount)
            throw new ArgumentException($"The cache holds {cache.FeatureCount} features per image, the model makes {model.FeatureCount}.", nameof(cache));
        _model = model;
        _device = device;
        _decoder = decoder;
        _cache = cache;
        _batchSize = batchSize;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<FeatureExtractionResult> ExtractAsync(IReadOnlyList<ManifestEntry> items, IProgress<ProgressTick>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var width = _model.FeatureCount;
        var bySha = new Dictionary<string, float[]>(StringComparer.OrdinalIgnoreCase);
        var hits = 0;
        if (_cache is not null)
        {
            foreach (var sha in items.Select(i => i.Sha256).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await _cache.TryGetAsync(sha, cancellationToken) is { } cached)
                {
                    bySha[sha] = cached;
                    hits++;
                }
            }
        }

        // Exact duplicates share one backbone pass: the first item with each missing hash stands for all of them.
        var missing = items.Where(i => !bySha.ContainsKey(i.Sha256)).DistinctBy(i => i.Sha256, StringComparer.OrdinalIgnoreCase).ToList();
        var failedBySha = new Dictionary<string, SkippedImage>(StringComparer.OrdinalIgnoreCase);
        var done = (long)items.Count - missing.Count;
        progress?.Report(new ProgressTick("features", done, items.Count));
        _model.Backbone.eval();

        var batches = missing.Chunk(_batchSize).ToList();
        Task<DecodedBatch>? next = batches.Count > 0 ? _decoder.DecodeAsync(batches[0], cancellationToken) : null;
        for (var b = 0; b < batches.Count; b++)
        {
            var decoded = await next!;
            // Decode the next batch on the CPU while this one runs through the backbone.
            next = b + 1 < batches.Count ? _decoder.DecodeAsync(batches[b + 1], cancellationToken) : null;
            foreach (var s in decoded.Skipped)
            {
                failedBySha[batches[b].First(i => i.Path == s.Path).Sha256] = s;
                LogSkipped(_logger, s.Path, s.Reason, s.Message);
            }
            if (decoded.Items.Count > 0)
            {
                var features = Forward(decoded);
                for (var i = 0; i < decoded.Items.Count; i++)
                {
                    var row = features.AsSpan(i * width, width).ToArray();
                    bySha[decoded.Items[i].Sha256] = row;
                    if (_cache is not null)
                        await _cache.PutAsync(decoded.Items[i].Sha256, row, cancellationToken);
                }
            }
            done += batches[b].Length;
            progress?.Report(new ProgressTick("features", done, items.Count));
        }
        done = items.Count;
        progress?.Report(new ProgressTick("features", done, items.Count));

        var kept = new List<ManifestEntry>(items.Count);
        var skipped = new List<SkippedImage>();
        foreach (var item in items)
        {
            if (bySha.ContainsKey(item.Sha256))
                kept.Add(item);
            else
                skipped.Add(failedBySha[item.Sha256] with { Path = item.Path });
        }
        var values = new float[kept.Count * width];
        for (var i = 0; i < kept.Count; i++)
            bySha[kept[i].Sha256].CopyTo(values.AsSpan(i * width, width));
        LogExtracted(_logger, items.Count, hits, missing.Count, skipped.Count);
        return new FeatureExtractionResult(new FeatureSet(kept, width, values), skipped, hits, missing.Count - failedBySha.Count);
    }

    // Synchronous on purpose: grad mode and dispose scopes are per thread and must not span an await.
    private float[] Forward(DecodedBatch batch)
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var input = tensor(batch.Pixels, batch.Shape).to(_device);
        var features = _model.ForwardFeatures(input);
        return features.to(float32).cpu().contiguous().data<float>().ToArray();
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Skipped {Path}: {Reason} ({Detail})")]
    private static partial void LogSkipped(ILogger logger, string path, string reason, string detail);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Features for {Items} images: {Hits} from cache, {Computed} computed, {Skipped} skipped")]
    private static partial void LogExtracted(ILogger logger, int items, int hits, int computed, int skipped);
}
