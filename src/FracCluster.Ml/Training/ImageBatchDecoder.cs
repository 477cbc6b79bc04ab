using System.Security.Cryptography;
using FracCluster.Imaging;
using FracCluster.Ml.Data;

namespace FracCluster.Ml.Training;

/// <summary>
/// Reads and decodes a batch of manifest items in parallel on the CPU. An image that cannot be read, decoded or whose
/// bytes no longer match the manifest's SHA-256 is skipped with its reason; the rest of the batch goes on.
/// </summary>
public sealed class ImageBatchDecoder
{
    private readonly ImagePipeline _pipeline;
    private readonly Func<string, CancellationToken, Task<byte[]>> _readAsync;
    private readonly int _parallelism;

    public ImageBatchDecoder(ImagePipeline pipeline, Func<string, CancellationToken, Task<byte[]>> readAsync, int parallelism)
    {
        _pipeline = pipeline;
        _readAsync = readAsync;
        _parallelism = Math.Max(1, parallelism);
    }

    public ImagePipeline Pipeline => _pipeline;

    public async Task<DecodedBatch> DecodeAsync(IReadOnlyList<ManifestEntry> items, CancellationToken cancellationToken)
    {
        var length = _pipeline.TensorLength;
        var buffers = new float[items.Count][];
        var failures = new SkippedImage?[items.Count];
        await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var item = items[i];
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
        return new DecodedBatch(ok, pixels, _pipeline.Preprocess.Size, skipped);
    }
}
