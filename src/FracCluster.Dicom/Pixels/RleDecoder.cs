using System.Buffers.Binary;

namespace FracCluster.Dicom.Pixels;

/// <summary>
/// DICOM RLE (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte plane (most
/// significant byte first, sample by sample).
/// </summary>
internal static class RleDecoder
{
    private const int HeaderLength = 64;

    public static DecodedFrame Decode(ReadOnlySpan<byte> frame, ImagePixelModule module)
    {
        var bytesPerSample = module.BitsAllocated / 8;
        var expectedSegments = module.SamplesPerPixel * bytesPerSample;
        if (frame.Length < HeaderLength)
            throw Corrupt($"the frame has {frame.Length} bytes, less than the 64-byte RLE header");
        var segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (segments != expectedSegments)
            throw Corrupt($"the header lists {segments} segments; {module.SamplesPerPixel} sample(s) of {module.BitsAllocated} bits need {expectedSegments}");

        var pixels = (int)module.PixelCount;
        var planes = new ushort[module.SamplesPerPixel][];
        var segmentBytes = new byte[pixels];
        for (var sample = 0; sample < module.SamplesPerPixel; sample++)
        {
            var plane = planes[sample] = new ushort[pixels];
            for (var b = 0; b < bytesPerSample; b++)
            {
                var index = (sample * bytesPerSample) + b;
                var start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + (index * 4))..]);
                var end = index + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + ((index + 1) * 4))..]) : (uint)frame.Length;
                if (start < HeaderLength || start > end || end > frame.Length)
                    throw Corrupt($"segment {index + 1} spans bytes {start}…{end} of a {frame.Length}-byte frame");
                UnpackBits(frame[(int)start..(int)end], segmentBytes, index + 1);
                var shift = 8 * (bytesPerSample - 1 - b);
                for (var i = 0; i < pixels; i++)
                    plane[i] |= (ushort)(segmentBytes[i] << shift);
            }
        }

        return new DecodedFrame(module.Columns, module.Rows, planes);
    }

    private static void UnpackBits(ReadOnlySpan<byte> source, Span<byte> destination, int segment)
    {
        var written = 0;
        var read = 0;
        while (written < destination.Length)
        {
            if (read >= source.Length)
                throw Corrupt($"segment {segment} decodes to {written} bytes; {destination.Length} are needed");
            var header = (sbyte)source[read++];
            if (header >= 0)
            {
                var count = header + 1;
                if (read + count > source.Length || written + count > destination.Length)
                    throw Corrupt($"a literal run in segment {segment} runs past its end");
                source.Slice(read, count).CopyTo(destination[written..]);
                read += count;
                written += count;
            }
            else if (header != -128)
            {
                var count = 1 - header;
                if (read >= source.Length || written + count > destination.Length)
                    throw Corrupt($"a replicate run in segment {segment} runs past its end");
                destination.Slice(written, count).Fill(source[read++]);
                written += count;
            }
        }
    }

    private static DicomRejectedException Corrupt(string problem) => new(DicomRejectionReason.CorruptPixelData, $"RLE pixel data is corrupt: {problem}.");
}
