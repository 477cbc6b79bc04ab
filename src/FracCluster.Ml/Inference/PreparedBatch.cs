using System.Buffers;
using FracCluster.Imaging;

namespace FracCluster.Ml.Inference;

/// <summary>
/// A batch after CPU decoding: the accepted images packed at the front of one pooled CHW buffer, in input order, and
/// the rejected ones already turned into results. The buffer goes back to the pool exactly once.
/// </summary>
internal sealed class PreparedBatch
{
    private float[]? _buffer;

    public PreparedBatch(float[] buffer, int tensorLength, int[] acceptedIndices, ImageClassification?[] rejections, double[] decodeMilliseconds, InputGeometry?[] geometries)
    {
        Geometries = geometries;
        _buffer = buffer;
        TensorLength = tensorLength;
        AcceptedIndices = acceptedIndices;
        Rejections = rejections;
        DecodeMilliseconds = decodeMilliseconds;
    }

    /// <summary>Floats per image: 3 × size × size.</summary>
    public int TensorLength { get; }

    /// <summary>Batch positions of the images in the buffer; slot k of the buffer holds image AcceptedIndices[k].</summary>
    public int[] AcceptedIndices { get; }

    /// <summary>Per batch position: the rejection result, or null for an accepted image.</summary>
    public ImageClassification?[] Rejections { get; }

    public double[] DecodeMilliseconds { get; }

    /// <summary>Per batch position: how the model input maps back to the source image; null for a rejected image.</summary>
    public InputGeometry?[] Geometries { get; }

    public int Count => Rejections.Length;

    public int AcceptedCount => AcceptedIndices.Length;

    public float[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PreparedBatch));

    /// <summary>Hands the buffer back to the pool. Only call once no tensor views it any more.</summary>
    public void ReturnBuffer()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
            ArrayPool<float>.Shared.Return(buffer);
    }
}
