using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;

namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>
/// Deterministic stand-in for the TorchSharp engine: decodes with the real <see cref="ImagePipeline"/> (so unreadable
/// images are rejected for real), and the "probability" is the first pixel byte of the image divided by 255.
/// </summary>
public sealed class FakeBatchClassifier(string version, string device, ClassifierProbe probe) : IBatchClassifier
{
    private static readonly ImagePipeline Pipeline = new(new ImageLimits(), PreprocessOptions.ImageNet(8));
    private int _disposed;
    private int _inside;

    public CheckpointMetadata Model { get; } = new()
    {
        Variant = version,
        ClassNames = ["not_fractured", "fractured"],
        PositiveClass = 1,
    };

    public string Device { get; } = device;

    public async Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        probe.OnConcurrency(Interlocked.Increment(ref _inside));
        try
        {
            await probe.PassAsync(version, images.Count, cancellationToken);
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return images.Select(Classify).ToList();
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            probe.OnDisposed(version, inUse: Volatile.Read(ref _inside) > 0);
    }

    private static ImageClassification Classify(ReadOnlyMemory<byte> image)
    {
        try
        {
            var tensor = Pipeline.DecodeAndPreprocess(image.Span);
            var probability = Math.Clamp((tensor[0] * 0.229f) + 0.485f, 0f, 1f);
            return new ImageClassification
            {
                Rejected = false,
                ProbabilityFractured = probability,
                Label = probability >= 0.5f ? "fractured" : "not_fractured",
                ComputeMilliseconds = 1,
            };
        }
        catch (ImageRejectedException ex)
        {
            return new ImageClassification { Rejected = true, RejectionReason = ex.Reason.ToString(), RejectionMessage = ex.Message };
        }
        catch (Exception ex) when (ex is SixLabors.ImageSharp.ImageFormatException or SixLabors.ImageSharp.UnknownImageFormatException or InvalidDataException)
        {
            // The shared pipeline in this branch may surface decoder errors directly; they mean the same thing.
            return new ImageClassification { Rejected = true, RejectionReason = nameof(ImageRejectionReason.Corrupt), RejectionMessage = ex.Message };
        }
    }
}
