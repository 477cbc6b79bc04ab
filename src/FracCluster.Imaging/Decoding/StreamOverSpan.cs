namespace FracCluster.Imaging.Decoding;

/// <summary>Runs a stream-based ImageSharp call over a span without copying the encoded bytes.</summary>
internal static class StreamOverSpan
{
    public static unsafe T Use<T>(ReadOnlySpan<byte> data, Func<Stream, T> action)
    {
        fixed (byte* pointer = data)
        {
            using var stream = new UnmanagedMemoryStream(pointer, data.Length);
            return action(stream);
        }
    }
}
