using JpegLibrary;

namespace FracCluster.Dicom.Pixels;

/// <summary>
/// DCT JPEG frames (baseline 8-bit, extended 12-bit) through JpegLibrary, samples kept at full precision: no colour
/// conversion (the photometric interpretation decides that) and no scaling to 8 bits. Lossless frames go to
/// <see cref="LosslessJpegDecoder"/>.
/// </summary>
internal static class JpegFrameDecoder
{
    public static DecodedFrame Decode(ReadOnlyMemory<byte> frame, ImagePixelModule module)
    {
        var decoder = new JpegDecoder();
        try
        {
            decoder.SetInput(frame);
            decoder.Identify();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // JpegLibrary reports damage with several exception types; all of them mean the same to a sender.
            throw Corrupt($"its header does not parse ({ex.Message})", ex);
        }

        if (decoder.Width != module.Columns || decoder.Height != module.Rows)
            throw Contradicts($"the JPEG is {decoder.Width} × {decoder.Height}; the data set says {module.Columns} × {module.Rows}");
        if (decoder.NumberOfComponents != module.SamplesPerPixel)
            throw Contradicts($"the JPEG has {decoder.NumberOfComponents} components; the data set says {module.SamplesPerPixel} samples per pixel");
        if (decoder.Precision > module.BitsAllocated || decoder.Precision < 2)
            throw Contradicts($"the JPEG has {decoder.Precision}-bit samples; the data set allocates {module.BitsAllocated} bits");

        var pixels = module.Columns * module.Rows;
        var planes = new ushort[module.SamplesPerPixel][];
        for (var i = 0; i < planes.Length; i++)
            planes[i] = new ushort[pixels];
        try
        {
            decoder.SetOutputWriter(new PlaneWriter(module.Columns, module.Rows, decoder.Precision, planes));
            decoder.Decode();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or DicomRejectedException))
        {
            throw Corrupt($"it does not decode ({ex.Message})", ex);
        }

        return new DecodedFrame(module.Columns, module.Rows, planes);
    }

    private static DicomRejectedException Corrupt(string problem, Exception inner) =>
        new(DicomRejectionReason.CorruptPixelData, $"JPEG pixel data is corrupt: {problem}.", inner);

    private static DicomRejectedException Contradicts(string problem) =>
        new(DicomRejectionReason.InvalidAttribute, $"JPEG pixel data contradicts the image attributes: {problem}.");

    /// <summary>Receives 8×8 blocks at image coordinates (JpegLibrary upsamples subsampled components itself).</summary>
    private sealed class PlaneWriter(int width, int height, int precision, ushort[][] planes) : JpegBlockOutputWriter
    {
        // The IDCT overshoots the sample range a little.
        private readonly int max = (1 << precision) - 1;

        public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
        {
            if (x >= width || y >= height)
                return;
            var plane = planes[componentIndex];
            var columns = Math.Min(width - x, 8);
            var rows = Math.Min(height - y, 8);
            var block = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref blockRef, 64);
            for (var row = 0; row < rows; row++)
            {
                var offset = ((y + row) * width) + x;
                for (var col = 0; col < columns; col++)
                {
                    int value = block[(row * 8) + col];
                    plane[offset + col] = (ushort)Math.Clamp(value, 0, max);
                }
            }
        }
    }
}
