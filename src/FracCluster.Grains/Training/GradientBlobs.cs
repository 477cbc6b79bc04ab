using System.Buffers;
using System.Runtime.InteropServices;
using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>
/// Gradients as blobs: raw float32, little-endian, in parameter order. A B6 gradient (≈ 41 M parameters, 165 MB) is
/// beyond Orleans' 100 MB message body limit, where the runtime closes the connection, so large ones go this way.
/// </summary>
public static class GradientBlobs
{
    private const int ChunkBytes = 1 << 20;

    public static Task WriteAsync(IBlobStore blobs, string key, float[] values, CancellationToken cancellationToken)
    {
        EnsureLittleEndian();
        var bytes = new byte[(long)values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return blobs.PutAsync(key, bytes, cancellationToken);
    }

    public static async Task<float[]> ReadAsync(IBlobStore blobs, string key, int length, CancellationToken cancellationToken)
    {
        EnsureLittleEndian();
        var bytes = await blobs.GetAsync(key, cancellationToken) ?? throw new BlobNotFoundException(key);
        if (bytes.LongLength != (long)length * sizeof(float))
            throw new InvalidDataException($"Gradient blob '{key}' holds {bytes.LongLength} bytes; {length} parameters need {(long)length * sizeof(float)}.");
        var values = new float[length];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>Adds the blob's gradient to <paramref name="sum"/>, reading it in 1 MiB pieces (the coordinator never holds a whole one).</summary>
    public static async Task AddAsync(IBlobStore blobs, string key, GradientSum sum, CancellationToken cancellationToken)
    {
        EnsureLittleEndian();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            await using var stream = await blobs.OpenReadAsync(key, cancellationToken);
            var offset = 0;
            while (true)
            {
                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, ChunkBytes), ChunkBytes, throwOnEndOfStream: false, cancellationToken);
                if (read % sizeof(float) != 0)
                    throw new InvalidDataException($"Gradient blob '{key}' ends inside a float32 value ({offset * (long)sizeof(float) + read} bytes).");
                if (read > 0)
                {
                    var values = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, read));
                    if (offset + values.Length > sum.Length)
                        throw new InvalidDataException($"Gradient blob '{key}' holds more than the {sum.Length} parameters of the step.");
                    sum.Add(values, offset);
                    offset += values.Length;
                }
                if (read < ChunkBytes)
                    break;
            }
            if (offset != sum.Length)
                throw new InvalidDataException($"Gradient blob '{key}' holds {offset} values; the step has {sum.Length} parameters.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Gradient blobs are little-endian float32; this machine is big-endian.");
    }
}
