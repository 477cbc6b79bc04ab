using JpegLibrary;

namespace FracCluster.Dicom.Pixels;

/// <summary>
/// JPEG frames (baseline 8-bit, extended 12-bit, lossless up to 16-bit) through JpegLibrary, samples kept at full
/// precision: no colour conversion (the photometric interpretation decides that) and no scaling to 8 bits.
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
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw Corrupt($"its header does not parse ({ex.Message})", ex);
        }

        if (decoder.Width != module.Columns || decoder.Height != module.Rows)
            throw Contradicts($"the JPEG is {decoder.Width} × {decoder.Height}; the data set says {module.Columns} × {module.Rows}");
        if (decoder.NumberOfComponents != module.SamplesPerPixel)
            throw Contradicts($"the JPEG has {decoder.NumberOfComponents} components; the data set says {module.SamplesPerPixel} samples per pixel");
        if (decoder.Precision > module.BitsAllocated || decoder.Precision < 2)
            throw Contradicts($"the JPEG has {decoder.Precision}-bit samples; the data set allocates {module.BitsAllocated} bits");

        // JpegLibrary 0.4.32 gets lossless predictors 2, 3, 6 and 7 wrong on the first row (it predicts from 2^(P-1)
        // where PS3.10918 H.1.2.1 says Ra), and keeps samples in 16-bit signed integers, which is exact modulo 2^16 for
        // the predictors that only add and subtract (1, 4) but not for the halving one (5) once samples pass 32767.
        // Those frames are refused rather than decoded wrong; SV1 (1.2.840.10008.1.2.4.70) is predictor 1.
        var predictor = LosslessPredictor(frame.Span);
        if (predictor is 2 or 3 or 6 or 7)
            throw UnsupportedPredictor(predictor, "");

        var pixels = module.Columns * module.Rows;
        var planes = new ushort[module.SamplesPerPixel][];
        for (var i = 0; i < planes.Length; i++)
            planes[i] = new ushort[pixels];
        try
        {
            decoder.SetOutputWriter(new PlaneWriter(module.Columns, module.Rows, decoder.Precision, planes));
            decoder.Decode();
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            throw Corrupt($"it does not decode ({ex.Message})", ex);
        }

        if (predictor == 5 && decoder.Precision == 16 && planes.Any(p => p.Any(v => v > short.MaxValue)))
            throw UnsupportedPredictor(predictor, "with samples above 32767");

        return new DecodedFrame(module.Columns, module.Rows, planes);
    }

    /// <summary>The selection value (Ss) of the first lossless (SOF3) scan; 0 for DCT or when absent.</summary>
    private static int LosslessPredictor(ReadOnlySpan<byte> jpeg)
    {
        var lossless = false;
        var i = 2;
        while (i + 4 <= jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
                return 0;
            var marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker == 0xC3)
                lossless = true;
            if (marker == 0xDA)
            {
                var components = i + 4 < jpeg.Length ? jpeg[i + 4] : 0;
                var ss = i + 5 + (2 * components);
                return lossless && ss < jpeg.Length ? jpeg[ss] : 0;
            }

            i += 2 + length;
        }

        return 0;
    }

    private static DicomRejectedException UnsupportedPredictor(int predictor, string condition) =>
        new(DicomRejectionReason.UnsupportedPixelFormat,
            $"JPEG Lossless with predictor {predictor}{(condition.Length > 0 ? " " + condition : "")} is not decoded here; predictors 1, 4 and 5 are (re-encode with selection value 1, e.g. dcmcjpeg +e1).");

    private static DicomRejectedException Corrupt(string problem, Exception inner) =>
        new(DicomRejectionReason.CorruptPixelData, $"JPEG pixel data is corrupt: {problem}.", inner);

    private static DicomRejectedException Contradicts(string problem) =>
        new(DicomRejectionReason.InvalidAttribute, $"JPEG pixel data contradicts the image attributes: {problem}.");

    /// <summary>Receives 8×8 blocks at image coordinates (JpegLibrary upsamples subsampled components itself).</summary>
    private sealed class PlaneWriter(int width, int height, int precision, ushort[][] planes) : JpegBlockOutputWriter
    {
        // Lossy decoding overshoots the sample range a little; lossless 16-bit samples arrive as shorts (mod 2^16).
        private readonly int max = (1 << precision) - 1;
        private readonly bool wrap = precision == 16;

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
                    plane[offset + col] = wrap ? (ushort)value : (ushort)Math.Clamp(value, 0, max);
                }
            }
        }
    }
}
