using System.Security.Cryptography;
using FracCluster.Imaging;
using FracCluster.Ml.Data;

namespace FracCluster.Ml.Training;

/// <summary>
/// Reads and decodes a batch of manifest items in parallel on the CPU. An image that cannot be read, decoded or whose
/// bytes no longer match the manifest's SHA-256 is skipped with its reason; the rest of the batch goes on.
/// Optionally keeps decoded images in memory up to a byte budget: fine-tuning decodes every image again each epoch,
/// which on a small model at low resolution costs about as much CPU as the training step itself. Cached pixels are
/// keyed by the manifest's SHA-256, which their bytes matched when they were decoded; a full cache stops growing.
/// </summary>
public sealed class ImageBatchDecoder
{
    private readonly ImagePipeline _pipeline;
    private readonly Func<string, CancellationToken, Task<byte[]>> _readAsync;
    private readonly int _parallelism;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly long _cacheBudgetBytes;
    private long _cachedBytes;

    public ImageBatchDecoder(ImagePipeline pipeline, Func<string, CancellationToken, Task<byte[]>> readAsync, int parallelism, long cacheBudgetBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheBudgetBytes);
        _pipeline = pipeline;
        _readAsync = readAsync;
        _parallelism = Math.Max(1, parallelism);
        _cacheBudgetBytes = cacheBudgetBytes;
    }

    /// <summary>Decoded images held in memory.</summary>
    public int CachedImages => _cache.Count;

    public ImagePipeline Pipeline => _pipeline;

    public async Task<DecodedBatch> DecodeAsync(IReadOnlyList<ManifestEntry> items, CancellationToken cancellationToken)
    {
        var length = _pipeline.TensorLength;
        var buffers = new float[items.Count][];
        var failures = new SkippedImage?[items.Count];
        await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var item = items[i];
            if (_cache.TryGetValue(item.Sha256, out var cached))
            {
                buffers[i] = cached;
                return;
            }
            byte[] bytes;
            try
            {
                bytes = await _readAsync(item.Path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FracCluster.Storage.BlobNotFoundException)
            {
                failures[i] = new SkippedImage(item.Path, "Unreadable", ex.Message);
                return;
            }
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(sha, item.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                failures[i] = new SkippedImage(item.Path, "Sha256Mismatch", $"The file's SHA-256 is {sha}, the manifest says {item.Sha256}: it changed since the split was made.");
                return;
            }
            try
            {
                buffers[i] = _pipeline.DecodeAndPreprocess(bytes);
                TryCache(item.Sha256, buffers[i]);
            }
            catch (ImageRejectedException ex)
            {
                failures[i] = new SkippedImage(item.Path, ex.Reason.ToString(), ex.Message);
            }
            catch (Exception ex) when (ex is SixLabors.ImageSharp.ImageFormatException or SixLabors.ImageSharp.UnknownImageFormatException or InvalidDataException or NotSupportedException)
            {
                // The shared pipeline maps most failures to ImageRejectedException; these are the decoder's own types.
                failures[i] = new SkippedImage(item.Path, ex is SixLabors.ImageSharp.UnknownImageFormatException ? nameof(ImageRejectionReason.NotAnImage) : nameof(ImageRejectionReason.Corrupt), ex.Message);
            }
        });

        var ok = new List<ManifestEntry>(items.Count);
        var skipped = new List<SkippedImage>();
        for (var i = 0; i < items.Count; i++)
        {
            if (buffers[i] is not null)
                ok.Add(items[i]);
            else
                skipped.Add(failures[i]!);
        }
        var pixels = new float[ok.Count * length];
        var k = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (buffers[i] is { } b)
                b.CopyTo(pixels.AsSpan(k++ * length, length));
        }
        // A copy: callers (flip augmentation) change the batch's pixels in place, never the cached images.
        return new DecodedBatch(ok, pixels, _pipeline.Preprocess.Size, skipped);
    }

    private void TryCache(string sha256, float[] pixels)
    {
        if (_cacheBudgetBytes == 0)
            return;
        var size = (long)pixels.Length * sizeof(float);
        if (Interlocked.Add(ref _cachedBytes, size) > _cacheBudgetBytes || !_cache.TryAdd(sha256, pixels))
            Interlocked.Add(ref _cachedBytes, -size);
    }
}
