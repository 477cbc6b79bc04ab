using System.Buffers;
using System.Runtime.InteropServices;
using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>
/// Gradients as blobs: raw float32, little-endian, in parameter order. A B6 gradient (40.7 M parameters, 163 MB) is
/// beyond Orleans' 100 MB message body limit, where the runtime closes the connection, so large ones go this way.
/// </summary>
public static class GradientBlobs
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Writes the values' own bytes (no copy: at B6 size each copy is another 163 MB on the large object heap).</summary>
    public static Task WriteAsync(IBlobStore blobs, string key, float[] values, CancellationToken cancellationToken)
    {
        EnsureLittleEndian();
        return blobs.PutAsync(key, new FloatBytes(values).Memory, cancellationToken);
    }

    /// <summary>Reads a gradient of exactly <paramref name="length"/> values straight into its array.</summary>
    public static async Task<float[]> ReadAsync(IBlobStore blobs, string key, int length, CancellationToken cancellationToken)
    {
        EnsureLittleEndian();
        var values = new float[length];
        var expected = (long)length * sizeof(float);
        await using var stream = await blobs.OpenReadAsync(key, cancellationToken);
        var read = await stream.ReadAtLeastAsync(new FloatBytes(values).Memory, (int)expected, throwOnEndOfStream: false, cancellationToken);
        var extra = read == expected ? await stream.ReadAsync(new byte[1], cancellationToken) : 0;
        if (read != expected || extra != 0)
        {
            var actual = read < expected ? read.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more than " + expected.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new InvalidDataException($"Gradient blob '{key}' holds {actual} bytes; {length} parameters need {expected}.");
        }
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

    /// <summary>A float array's bytes as <see cref="Memory{T}"/> of bytes, without copying (the array is pinned while in use).</summary>
    private sealed class FloatBytes(float[] values) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan());

        public override unsafe MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(values, System.Runtime.InteropServices.GCHandleType.Pinned);
            return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle, this);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
