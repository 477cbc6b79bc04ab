using System.Buffers;
using System.Diagnostics;
using FracCluster.Dicom;
using FracCluster.Dicom.Codec;
using FracCluster.Imaging;

namespace FracCluster.Ml.Inference;

/// <summary>
/// Decodes and preprocesses a batch of encoded images in parallel into one pooled buffer, ready to become a single
/// [n,3,S,S] tensor without a further copy. An unreadable image is rejected alone. DICOM Part 10 files (scans received
/// by C-STORE) go through <see cref="DicomImagePipeline"/>, which ends in the same resize and normalisation, under the
/// same limits.
/// </summary>
internal sealed class BatchDecoder
{
    private readonly ImagePipeline _pipeline;
    private readonly DicomImagePipeline _dicom;
    private readonly int _parallelism;

    public BatchDecoder(ImagePipeline pipeline, int parallelism)
    {
        _pipeline = pipeline;
        _dicom = new DicomImagePipeline(new DicomReaderOptions { Limits = pipeline.Limits }, pipeline);
        _parallelism = parallelism;
    }

    public int TensorLength => _pipeline.TensorLength;

    public int ImageSize => _pipeline.Preprocess.Size;

    /// <summary>Decodes images[start .. start+count). Blocks the calling thread: run it off any scheduler that matters.</summary>
    public PreparedBatch Decode(IReadOnlyList<ReadOnlyMemory<byte>> images, int start, int count, CancellationToken cancellationToken)
    {
        var length = _pipeline.TensorLength;
        var buffer = ArrayPool<float>.Shared.Rent(count * length);
        try
        {
            var rejections = new ImageClassification?[count];
            var decodeMs = new double[count];
            var geometries = new InputGeometry?[count];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, i =>
            {
                var started = Stopwatch.GetTimestamp();
                rejections[i] = DecodeOne(images[start + i], buffer.AsSpan(i * length, length), out geometries[i]);
                decodeMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (rejections[i] is { } rejected)
                    rejections[i] = rejected with { DecodeMilliseconds = decodeMs[i] };
            });
            var accepted = Pack(buffer, length, rejections);
            return new PreparedBatch(buffer, length, accepted, rejections, decodeMs, geometries);
        }
        catch
        {
            ArrayPool<float>.Shared.Return(buffer);
            throw;
        }
    }

    private ImageClassification? DecodeOne(ReadOnlyMemory<byte> encoded, Span<float> destination, out InputGeometry? geometry)
    {
        geometry = null;
        try
        {
            if (IsDicomPart10(encoded.Span))
            {
                var rendered = _dicom.PreprocessFile(encoded, destination);
                geometry = new InputGeometry(rendered.Width, rendered.Height, _pipeline.Preprocess.Size);
                return null;
            }
            geometry = _pipeline.DecodeAndPreprocess(encoded.Span, destination);
            return null;
        }
        catch (ImageRejectedException ex)
        {
            return Rejected(ex.Reason, ex.Message);
        }
        catch (DicomRejectedException ex)
        {
            // In the image vocabulary, so results and metrics name DICOM refusals like any other unreadable image.
            var rejection = ex.ToImageRejection();
            return Rejected(rejection.Reason, rejection.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The pipeline types its own failures; anything else a decoder throws on hostile bytes is corruption.
            return Rejected(ImageRejectionReason.Corrupt, $"The image could not be decoded: {ex.Message}");
        }
    }

    /// <summary>"DICM" after the 128-byte preamble (PS3.10 7.1): no JPEG, PNG, BMP or TIFF starts that way.</summary>
    internal static bool IsDicomPart10(ReadOnlySpan<byte> data) => data.Length >= 132 && data.Slice(128, 4).SequenceEqual("DICM"u8);

    private static ImageClassification Rejected(ImageRejectionReason reason, string message) => new()
    {
        Rejected = true,
        RejectionReason = reason.ToString(),
        RejectionMessage = message,
    };

    // Moves accepted images down over rejected slots so the forward pass sees one dense block.
    private static int[] Pack(float[] buffer, int length, ImageClassification?[] rejections)
    {
        var accepted = new List<int>(rejections.Length);
        for (var i = 0; i < rejections.Length; i++)
        {
            if (rejections[i] is not null)
                continue;
            var slot = accepted.Count;
            if (slot != i)
                Array.Copy(buffer, i * length, buffer, slot * length, length);
            accepted.Add(i);
        }
        return [.. accepted];
    }
}
