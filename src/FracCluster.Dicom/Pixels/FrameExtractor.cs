using System.Buffers.Binary;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Pixels;

/// <summary>The first frame's samples, from native or encapsulated pixel data.</summary>
internal static class FrameExtractor
{
    private static readonly byte[] EndOfImage = [0xFF, 0xD9];

    public static DecodedFrame FirstFrame(DicomInstance instance, ImagePixelModule module)
    {
        var element = instance.Dataset.Get(DicomTags.PixelData)
            ?? throw new DicomRejectedException(DicomRejectionReason.MissingAttribute, "The data set has no Pixel Data (7FE0,0010).");
        var syntax = instance.TransferSyntax;
        switch (syntax.Pixels)
        {
            case PixelEncoding.Native when element is DicomValueElement native:
                return Native(native.Value.Span, module);
            case PixelEncoding.Native:
                throw Malformed($"{syntax.Name} pixel data must be native, but it is encapsulated");
            case PixelEncoding.Unsupported:
                throw new DicomRejectedException(DicomRejectionReason.UnsupportedTransferSyntax, $"{syntax.Name} pixel data is not decoded here.");
        }

        if (element is not DicomFragmentSequence fragments)
            throw Malformed($"{syntax.Name} pixel data must be encapsulated (undefined length, fragments), but it is native");
        var frame = FirstFrameBytes(fragments, module.NumberOfFrames, syntax.Pixels == PixelEncoding.Rle);
        if (syntax.Pixels == PixelEncoding.Rle)
            return RleDecoder.Decode(frame.Span, module);

        // The frame header decides, not the UID: senders label lossless frames as baseline and the reverse.
        return LosslessJpegDecoder.IsLossless(frame.Span) ? LosslessJpegDecoder.Decode(frame.Span, module) : JpegFrameDecoder.Decode(frame, module);
    }

    private static DecodedFrame Native(ReadOnlySpan<byte> data, ImagePixelModule module)
    {
        var frameBytes = module.NativeFrameBytes;
        if (data.Length < frameBytes * module.NumberOfFrames)
        {
            throw new DicomRejectedException(DicomRejectionReason.Truncated,
                $"Pixel Data holds {data.Length:N0} bytes; {module.NumberOfFrames} frame(s) of {module.Columns} × {module.Rows} × {module.SamplesPerPixel} × {module.BitsAllocated} bits need {frameBytes * module.NumberOfFrames:N0}.");
        }

        var pixels = (int)module.PixelCount;
        var frame = data[..(int)frameBytes];
        var planes = new ushort[module.SamplesPerPixel][];
        for (var s = 0; s < planes.Length; s++)
            planes[s] = new ushort[pixels];

        if (module.Photometric == PhotometricInterpretation.YbrFull422)
        {
            // Y0 Y1 Cb Cr for each horizontal pair (PS3.3 C.7.6.3.1.2); an odd last column has its own group.
            var (y, cb, cr) = (planes[0], planes[1], planes[2]);
            var p = 0;
            for (var row = 0; row < module.Rows; row++)
            {
                for (var col = 0; col < module.Columns; col += 2)
                {
                    var i = (row * module.Columns) + col;
                    var pair = col + 1 < module.Columns;
                    y[i] = frame[p];
                    if (pair)
                        y[i + 1] = frame[p + 1];
                    cb[i] = frame[p + 2];
                    cr[i] = frame[p + 3];
                    if (pair)
                    {
                        cb[i + 1] = cb[i];
                        cr[i + 1] = cr[i];
                    }

                    p += 4;
                }
            }

            return new DecodedFrame(module.Columns, module.Rows, planes);
        }

        var samples = module.SamplesPerPixel;
        if (module.BitsAllocated == 8)
        {
            for (var i = 0; i < pixels; i++)
            {
                for (var s = 0; s < samples; s++)
                    planes[s][i] = module.ColourByPlane ? frame[(s * pixels) + i] : frame[(i * samples) + s];
            }
        }
        else
        {
            for (var i = 0; i < pixels; i++)
                planes[0][i] = BinaryPrimitives.ReadUInt16LittleEndian(frame[(i * 2)..]);
        }

        return new DecodedFrame(module.Columns, module.Rows, planes);
    }

    /// <summary>
    /// Frame 1's compressed bytes: all fragments of a single-frame image; else by the Basic Offset Table, one fragment
    /// per frame, or (JPEG) fragments up to the first that ends an image.
    /// </summary>
    private static ReadOnlyMemory<byte> FirstFrameBytes(DicomFragmentSequence pixelData, int frames, bool rle)
    {
        var fragments = pixelData.Fragments;
        if (fragments.Count == 0)
            throw new DicomRejectedException(DicomRejectionReason.CorruptPixelData, "Encapsulated pixel data has no fragments.");
        if (frames == 1)
            return Concatenate(fragments, fragments.Count);

        var table = pixelData.OffsetTable.Span;
        if (table.Length >= 8)
        {
            // Offsets count from the first fragment's item header; each item adds 8 header bytes.
            var next = BinaryPrimitives.ReadUInt32LittleEndian(table[4..]);
            long position = 0;
            var count = 0;
            while (count < fragments.Count && position < next)
            {
                position += 8 + fragments[count].Length;
                count++;
            }

            if (position != next)
                throw new DicomRejectedException(DicomRejectionReason.CorruptPixelData, "The Basic Offset Table does not point at fragment boundaries.");
            return Concatenate(fragments, count);
        }

        if (fragments.Count == frames || rle)
            return fragments[0];
        for (var i = 0; i < fragments.Count; i++)
        {
            if (fragments[i].Span.TrimEnd((byte)0).EndsWith(EndOfImage))
                return Concatenate(fragments, i + 1);
        }

        throw new DicomRejectedException(DicomRejectionReason.CorruptPixelData, "No fragment ends the first JPEG frame.");
    }

    private static ReadOnlyMemory<byte> Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> fragments, int count)
    {
        if (count == 1)
            return fragments[0];
        var length = 0L;
        for (var i = 0; i < count; i++)
            length += fragments[i].Length;
        var joined = new byte[length];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            fragments[i].Span.CopyTo(joined.AsSpan(offset));
            offset += fragments[i].Length;
        }

        return joined;
    }

    private static DicomRejectedException Malformed(string problem) => new(DicomRejectionReason.Malformed, $"Malformed DICOM: {problem}.");
}
