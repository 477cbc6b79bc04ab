using System.Runtime.InteropServices;
using FracCluster.Imaging.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FracCluster.Imaging;

/// <summary>
/// Encoded image bytes to a normalised CHW float tensor payload, the model's input.
/// Thread-safe: one instance serves parallel decodes.
/// </summary>
/// <remarks>
/// Steps: size limit → signature (<see cref="ImageSniffer"/>) → header read (dimensions, colour layout) → pixel limit →
/// structure walk (truncation) → decode (Rgb24; L16 or Rgb48 for 16-bit sources) → resize to Size×Size
/// (stretch, <see cref="PreprocessOptions.Interpolation"/>) → EXIF orientation → CHW floats, (x - mean) / std.
/// Orientation is applied after the resize: the target is square and the filter is symmetric, so rotating/flipping
/// commutes with it, and turning a 224² image costs nothing next to turning a 3000² one.
/// 16-bit samples map linearly from 0…65535 to 0…1 (as 8-bit maps 0…255): the full dynamic range, not clipped at 255,
/// and at full precision (no 8-bit step in between).
/// 8-bit grayscale is decoded as Rgb24, not L8: measured on ImageSharp 2.1.13, L8 decoding and resizing are 10–30 %
/// slower than Rgb24 (its bulk pixel conversions are vectorised, L8's are per pixel), and the result is the same.
/// Each call decodes on the calling thread (ImageSharp's own parallelism is off by default); callers parallelise
/// across images, which scales better on the many small work items of a batch.
/// </remarks>
public sealed class ImagePipeline
{
    private readonly Configuration configuration;
    private readonly JpegDecoder jpegDecoder = new();
    private readonly PngDecoder pngDecoder = new();
    private readonly BmpDecoder bmpDecoder = new();
    private readonly TiffDecoder tiffDecoder = new() { DecodingMode = FrameDecodingMode.First };
    private readonly ResizeOptions resizeOptions;

    /// <summary>8-bit value → normalised float, per channel: [channel * 256 + value].</summary>
    private readonly float[] lookup8 = new float[3 * 256];

    public ImagePipeline(ImageLimits limits, PreprocessOptions preprocess)
        : this(limits, preprocess, maxDegreeOfParallelism: 1)
    {
    }

    /// <param name="maxDegreeOfParallelism">Threads ImageSharp may use inside one decode/resize; 1 when images are processed in parallel.</param>
    public ImagePipeline(ImageLimits limits, PreprocessOptions preprocess, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(preprocess);
        Validate(limits, preprocess);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        Limits = limits;
        Preprocess = preprocess;
        configuration = new Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new BmpConfigurationModule(), new TiffConfigurationModule())
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
        resizeOptions = new ResizeOptions
        {
            Size = new Size(preprocess.Size, preprocess.Size),
            Mode = ResizeMode.Stretch,
            Sampler = Resamplers.For(preprocess.Interpolation),
            Compand = false, // PIL resizes the encoded (gamma) values as they are
        };
        for (var c = 0; c < 3; c++)
        {
            for (var v = 0; v < 256; v++)
                lookup8[(c * 256) + v] = ((v / 255f) - preprocess.Mean[c]) / preprocess.Std[c];
        }
    }

    public ImageLimits Limits { get; }

    public PreprocessOptions Preprocess { get; }

    /// <summary>Number of floats <see cref="DecodeAndPreprocess(ReadOnlySpan{byte})"/> returns: 3 × Size × Size.</summary>
    public int TensorLength => 3 * Preprocess.Size * Preprocess.Size;

    /// <summary>Decodes, resizes, orients, converts to RGB and normalises. Throws <see cref="ImageRejectedException"/>.</summary>
    public float[] DecodeAndPreprocess(ReadOnlySpan<byte> encoded)
    {
        var output = new float[TensorLength];
        DecodeAndPreprocess(encoded, output);
        return output;
    }

    /// <summary>
    /// Writes the CHW result into <paramref name="destination"/> (length <see cref="TensorLength"/>) and returns how the
    /// model input relates to the source image (what a heatmap needs to be mapped back).
    /// </summary>
    public InputGeometry DecodeAndPreprocess(ReadOnlySpan<byte> encoded, Span<float> destination)
    {
        if (destination.Length != TensorLength)
            throw new ArgumentException($"The destination holds {destination.Length} floats; {TensorLength} are needed.", nameof(destination));
        var header = Inspect(encoded);
        var decoder = DecoderFor(header.Format);
        var layout = header.BitsPerChannel <= 8 ? PixelLayout.Rgb8 : header.Grayscale ? PixelLayout.Gray16 : PixelLayout.Rgb16;
        try
        {
            switch (layout)
            {
                case PixelLayout.Gray16:
                    using (var image = LoadAndResize<L16>(encoded, decoder, out var geometry))
                    {
                        WriteGray16(image, destination);
                        return geometry;
                    }
                case PixelLayout.Rgb16:
                    using (var image = LoadAndResize<Rgb48>(encoded, decoder, out var geometry))
                    {
                        WriteRgb16(image, destination);
                        return geometry;
                    }
                default:
                    using (var image = LoadAndResize<Rgb24>(encoded, decoder, out var geometry))
                    {
                        WriteRgb8(image, destination);
                        return geometry;
                    }
            }
        }
        catch (ImageRejectedException)
        {
            throw;
        }
        catch (NotSupportedException ex)
        {
            throw new ImageRejectedException(ImageRejectionReason.UnsupportedFormat,
                $"This {header.Format} uses a feature the decoder does not support ({ex.Message}); re-save it as a baseline {header.Format} or PNG.", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {header.Format} image is corrupt: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Pixels already decoded to 8 bits per sample elsewhere (DICOM renders its frames to these), through the same
    /// resize and normalisation as <see cref="DecodeAndPreprocess(ReadOnlySpan{byte}, Span{float})"/>: a grayscale
    /// frame is replicated to R = G = B, as the JPEG path decodes a grayscale JPEG into Rgb24, so a DICOM image and the
    /// JPEG rendered from it become the same tensor. Throws <see cref="ImageRejectedException"/> over the pixel limit.
    /// </summary>
    /// <param name="pixels">Row-major samples: one byte per pixel when <paramref name="grayscale"/>, else R, G, B.</param>
    public void PreprocessPixels(ReadOnlySpan<byte> pixels, int width, int height, bool grayscale, Span<float> destination)
    {
        if (destination.Length != TensorLength)
            throw new ArgumentException($"The destination holds {destination.Length} floats; {TensorLength} are needed.", nameof(destination));
        if (width <= 0 || height <= 0)
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"A {width} × {height} image has no pixels.");
        var count = (long)width * height;
        if (count > Limits.MaxPixels)
        {
            throw new ImageRejectedException(ImageRejectionReason.PixelBomb, FormattableString.Invariant(
                $"The image has {width:N0} × {height:N0} = {count:N0} pixels; the limit is {Limits.MaxPixels:N0}."));
        }

        var samples = grayscale ? 1 : 3;
        if (pixels.Length != count * samples)
            throw new ArgumentException($"{pixels.Length} bytes given for {width} × {height} × {samples} samples.", nameof(pixels));

        using var image = new Image<Rgb24>(configuration, width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            if (grayscale)
            {
                var source = pixels.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                    row[x] = new Rgb24(source[x], source[x], source[x]);
            }
            else
            {
                MemoryMarshal.Cast<byte, Rgb24>(pixels.Slice(y * width * 3, width * 3)).CopyTo(row);
            }
        }

        image.Mutate(x => x.Resize(resizeOptions));
        WriteRgb8(image, destination);
    }

    /// <summary>
    /// Every check short of decoding pixels: size, signature, header, pixel count, completeness. Cheap enough to run
    /// before storing an upload. Throws <see cref="ImageRejectedException"/>.
    /// </summary>
    public ImageHeader Inspect(ReadOnlySpan<byte> encoded)
    {
        var format = ImageSniffer.Sniff(encoded, Limits).ThrowIfRejected();
        var tiffLayout = default(TiffLayout);
        var structure = format switch
        {
            ImageFileFormat.Jpeg => JpegStructure.Inspect(encoded),
            ImageFileFormat.Png => PngStructure.Inspect(encoded),
            ImageFileFormat.Bmp => BmpStructure.Inspect(encoded),
            _ => TiffStructure.Inspect(encoded, out tiffLayout),
        };

        if (structure.Unsupported is { } unsupported)
            throw new ImageRejectedException(ImageRejectionReason.UnsupportedFormat, $"This {format} uses {unsupported}.");

        IImageInfo? info;
        try
        {
            var detector = (IImageInfoDetector)DecoderFor(format);
            info = StreamOverSpan.Use(encoded, stream => detector.Identify(configuration, stream, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A header cut off reads as garbage to the decoder; name the cause the structure walk found.
            if (!structure.IsComplete)
                throw Truncated(format, structure);
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} header cannot be read: {ex.Message}", ex);
        }

        if (info is null || info.Width <= 0 || info.Height <= 0)
        {
            if (!structure.IsComplete)
                throw Truncated(format, structure);
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} header declares no valid dimensions.");
        }

        var pixels = (long)info.Width * info.Height;
        if (pixels > Limits.MaxPixels)
        {
            throw new ImageRejectedException(ImageRejectionReason.PixelBomb, FormattableString.Invariant(
                $"The {format} declares {info.Width:N0} × {info.Height:N0} = {pixels:N0} pixels; the limit is {Limits.MaxPixels:N0}."));
        }

        if (!structure.IsComplete)
            throw Truncated(format, structure);

        var (grayscale, bits) = ColourLayout(format, info.Metadata, tiffLayout);
        return new ImageHeader(format, info.Width, info.Height, grayscale, bits);
    }

    // EXIF orientations 5–8 turn the image a quarter, so the displayed width is the stored height.
    private static bool TurnsAQuarter(ImageMetadata metadata)
    {
        var value = metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 5 and <= 8;
    }

    private static ImageRejectedException Truncated(ImageFileFormat format, StructureReport structure) =>
        new(ImageRejectionReason.Truncated, $"The {format} image is truncated: {structure.Problem}.");

    private static (bool Grayscale, int Bits) ColourLayout(ImageFileFormat format, ImageMetadata metadata, TiffLayout tiff)
    {
        switch (format)
        {
            case ImageFileFormat.Jpeg:
                return (metadata.GetJpegMetadata().ColorType == JpegColorType.Luminance, 8);
            case ImageFileFormat.Png:
                var png = metadata.GetPngMetadata();
                var gray = png.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha;
                // Palette entries are 8-bit whatever the index depth.
                var wide = png.BitDepth == PngBitDepth.Bit16 && png.ColorType != PngColorType.Palette;
                return (gray, wide ? 16 : 8);
            case ImageFileFormat.Tiff:
                return (tiff.IsGrayscale && tiff.SamplesPerPixel <= 2, tiff.BitsPerSample > 8 ? 16 : 8);
            default:
                return (false, 8);
        }
    }

    private IImageDecoder DecoderFor(ImageFileFormat format) => format switch
    {
        ImageFileFormat.Jpeg => jpegDecoder,
        ImageFileFormat.Png => pngDecoder,
        ImageFileFormat.Bmp => bmpDecoder,
        ImageFileFormat.Tiff => tiffDecoder,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a decodable format."),
    };

    /// <summary>
    /// Decodes an image for display: full resolution, EXIF orientation applied (the geometry <see cref="InputGeometry"/>
    /// maps to), 16-bit samples kept. Throws <see cref="ImageRejectedException"/>; the caller disposes the image.
    /// </summary>
    public Image<L16> DecodeGrayscale(ReadOnlySpan<byte> encoded)
    {
        var header = Inspect(encoded);
        try
        {
            var image = Image.Load<L16>(configuration, encoded, DecoderFor(header.Format));
            try
            {
                image.Mutate(x => x.AutoOrient());
                return image;
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ImageRejectedException)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {header.Format} image is corrupt: {ex.Message}", ex);
        }
    }

    private Image<TPixel> LoadAndResize<TPixel>(ReadOnlySpan<byte> encoded, IImageDecoder decoder, out InputGeometry geometry)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var image = Image.Load<TPixel>(configuration, encoded, decoder);
        try
        {
            geometry = InputGeometry.FromDecoded(image.Width, image.Height, TurnsAQuarter(image.Metadata), Preprocess.Size);
            image.Mutate(x => x.Resize(resizeOptions).AutoOrient());
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private void WriteRgb8(Image<Rgb24> image, Span<float> destination)
    {
        var plane = Preprocess.Size * Preprocess.Size;
        var lut = lookup8.AsSpan();
        var r = lut[..256];
        var g = lut.Slice(256, 256);
        var b = lut.Slice(512, 256);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var offset = y * image.Width;
            for (var x = 0; x < row.Length; x++)
            {
                var p = row[x];
                destination[offset + x] = r[p.R];
                destination[plane + offset + x] = g[p.G];
                destination[(2 * plane) + offset + x] = b[p.B];
            }
        }
    }

    private void WriteGray16(Image<L16> image, Span<float> destination)
    {
        var plane = Preprocess.Size * Preprocess.Size;
        var (mean, std) = (Preprocess.Mean, Preprocess.Std);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var offset = y * image.Width;
            for (var x = 0; x < row.Length; x++)
            {
                var v = row[x].PackedValue / 65535f;
                destination[offset + x] = (v - mean[0]) / std[0];
                destination[plane + offset + x] = (v - mean[1]) / std[1];
                destination[(2 * plane) + offset + x] = (v - mean[2]) / std[2];
            }
        }
    }

    private void WriteRgb16(Image<Rgb48> image, Span<float> destination)
    {
        var plane = Preprocess.Size * Preprocess.Size;
        var (mean, std) = (Preprocess.Mean, Preprocess.Std);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var offset = y * image.Width;
            for (var x = 0; x < row.Length; x++)
            {
                var p = row[x];
                destination[offset + x] = ((p.R / 65535f) - mean[0]) / std[0];
                destination[plane + offset + x] = ((p.G / 65535f) - mean[1]) / std[1];
                destination[(2 * plane) + offset + x] = ((p.B / 65535f) - mean[2]) / std[2];
            }
        }
    }

    private static void Validate(ImageLimits limits, PreprocessOptions preprocess)
    {
        if (limits.MaxBytes <= 0 || limits.MaxPixels <= 0)
            throw new ArgumentException("Image limits must be positive.", nameof(limits));
        if (preprocess.Size is < 1 or > 4096)
            throw new ArgumentException($"Preprocess size {preprocess.Size} is outside 1…4096.", nameof(preprocess));
        if (preprocess.Mean is not { Length: 3 } || preprocess.Std is not { Length: 3 })
            throw new ArgumentException("Preprocess mean and std need exactly 3 values (R, G, B).", nameof(preprocess));
        if (preprocess.Std.Any(s => !(s > 0)))
            throw new ArgumentException("Preprocess std values must be positive.", nameof(preprocess));
    }
}
