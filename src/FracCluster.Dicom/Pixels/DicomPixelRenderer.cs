using FracCluster.Dicom.Codec;

namespace FracCluster.Dicom.Pixels;

/// <summary>
/// Renders the first frame of an image to 8-bit display values, as a viewer or a DICOM-to-JPEG export does:
/// stored bits (Bits Stored, High Bit, Pixel Representation) → modality values (Rescale Slope/Intercept) → VOI
/// (the first Window Center/Width, else the first VOI LUT, else the frame's min…max) → MONOCHROME1 inverted; padding
/// pixels black. Colour: RGB as is, YBR_FULL/YBR_FULL_422 converted to RGB (PS3.3 C.7.6.3.1.2). Thread-safe.
/// </summary>
public sealed class DicomPixelRenderer
{
    private readonly DicomReaderOptions options;

    public DicomPixelRenderer(DicomReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    /// <summary>Throws <see cref="DicomRejectedException"/> for anything that cannot be rendered.</summary>
    public RenderedImage Render(DicomInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var module = ImagePixelModule.Parse(instance.Dataset, options);
        var frame = FrameExtractor.FirstFrame(instance, module);
        return module.IsMonochrome ? RenderGray(frame, module) : RenderColour(frame, module);
    }

    /// <summary>
    /// Every stored value maps to one display value, so the chain (bits → modality → VOI → inversion, padding) is
    /// computed once per possible value (at most 2^16) into a table, and the frame is one lookup per pixel: no
    /// per-pixel intermediate arrays, whatever the image size.
    /// </summary>
    private static RenderedImage RenderGray(DecodedFrame frame, ImagePixelModule module)
    {
        var source = frame.Planes[0];
        var shift = module.HighBit + 1 - module.BitsStored;
        var mask = (1 << module.BitsStored) - 1;

        var codes = new double[mask + 1];
        for (var code = 0; code <= mask; code++)
            codes[code] = (Stored(code, module) * module.RescaleSlope) + module.RescaleIntercept;

        var table = new byte[mask + 1];
        string voi;
        if (module.Window is { } window)
        {
            voi = FormattableString.Invariant($"window {window.Center}/{window.Width}");
            ApplyWindow(codes, window, table);
        }
        else if (module.VoiLut is { } lut)
        {
            voi = "VOI LUT";
            ApplyLut(codes, lut, table);
        }
        else
        {
            voi = "min-max";
            var (min, max) = ModalityRange(source, shift, mask, codes, module);
            ApplyMinMax(codes, min, max, table);
        }

        var invert = module.Photometric == PhotometricInterpretation.Monochrome1;
        for (var code = 0; code <= mask; code++)
        {
            if (invert)
                table[code] = (byte)(255 - table[code]);
            if (IsPadding(code, module))
                table[code] = 0;
        }

        var output = new byte[source.Length];
        for (var i = 0; i < source.Length; i++)
            output[i] = table[(source[i] >> shift) & mask];
        return new RenderedImage(frame.Width, frame.Height, Grayscale: true, output, module.NumberOfFrames, voi);
    }

    /// <summary>The stored value a masked code stands for: two's complement when Pixel Representation is 1.</summary>
    private static int Stored(int code, ImagePixelModule module) =>
        module.Signed && (code & (1 << (module.BitsStored - 1))) != 0 ? code - (1 << module.BitsStored) : code;

    private static bool IsPadding(int code, ImagePixelModule module) => module.PaddingValue == Stored(code, module);

    /// <summary>The lowest and highest modality value in the frame, padding excluded.</summary>
    private static (double Min, double Max) ModalityRange(ushort[] source, int shift, int mask, double[] codes, ImagePixelModule module)
    {
        var seen = new bool[mask + 1];
        foreach (var sample in source)
            seen[(sample >> shift) & mask] = true;
        var (min, max) = (double.MaxValue, double.MinValue);
        for (var code = 0; code <= mask; code++)
        {
            if (!seen[code] || IsPadding(code, module))
                continue;
            min = Math.Min(min, codes[code]);
            max = Math.Max(max, codes[code]);
        }

        return (min, max);
    }

    /// <summary>The linear VOI function of PS3.3 C.11.2.1.2.1 to 0…255 (its clamps are the function's own ends).</summary>
    private static void ApplyWindow(double[] values, VoiWindow window, byte[] output)
    {
        var center = window.Center - 0.5;
        var width = window.Width - 1;
        for (var i = 0; i < values.Length; i++)
        {
            var y = width <= 0
                ? (values[i] <= center ? 0 : 255)
                : (((values[i] - center) / width) + 0.5) * 255;
            output[i] = ToByte(y);
        }
    }

    private static void ApplyLut(double[] values, VoiLut lut, byte[] output)
    {
        var top = (1 << lut.Bits) - 1;
        var last = lut.Data.Length - 1;
        for (var i = 0; i < values.Length; i++)
        {
            var index = Math.Clamp((long)Math.Round(values[i], MidpointRounding.AwayFromZero) - lut.FirstMapped, 0, last);
            output[i] = ToByte(Math.Min(lut.Data[index], top) * 255.0 / top);
        }
    }

    private static void ApplyMinMax(double[] values, double min, double max, byte[] output)
    {
        var range = max - min;
        for (var i = 0; i < values.Length; i++)
            output[i] = range > 0 ? ToByte((values[i] - min) / range * 255) : (byte)0;
    }

    private static RenderedImage RenderColour(DecodedFrame frame, ImagePixelModule module)
    {
        var pixels = frame.Width * frame.Height;
        var rgb = new byte[pixels * 3];
        var (a, b, c) = (frame.Planes[0], frame.Planes[1], frame.Planes[2]);
        var ybr = module.Photometric is PhotometricInterpretation.YbrFull or PhotometricInterpretation.YbrFull422;
        for (var i = 0; i < pixels; i++)
        {
            if (ybr)
            {
                double y = a[i], cb = b[i] - 128.0, cr = c[i] - 128.0;
                rgb[i * 3] = ToByte(y + (1.402 * cr));
                rgb[(i * 3) + 1] = ToByte(y - (0.344136 * cb) - (0.714136 * cr));
                rgb[(i * 3) + 2] = ToByte(y + (1.772 * cb));
            }
            else
            {
                rgb[i * 3] = (byte)Math.Min(a[i], (ushort)255);
                rgb[(i * 3) + 1] = (byte)Math.Min(b[i], (ushort)255);
                rgb[(i * 3) + 2] = (byte)Math.Min(c[i], (ushort)255);
            }
        }

        return new RenderedImage(frame.Width, frame.Height, Grayscale: false, rgb, module.NumberOfFrames, "none (colour)");
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Floor(value + 0.5), 0, 255);
}
