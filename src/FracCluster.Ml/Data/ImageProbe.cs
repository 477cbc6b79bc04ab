using FracCluster.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Ml.Data;

/// <summary>
/// Cheap checks of an encoded image for dataset inspection: header identification (size, format), size limits, and a
/// trailer check that catches truncated JPEG and PNG files without decoding them. <c>fullDecode</c> also decodes every
/// pixel, which finds corruption inside the data at the cost of a full decode.
/// </summary>
public static class ImageProbe
{
    private static readonly byte[] JpegEnd = [0xFF, 0xD9];
    private static readonly byte[] PngEnd = "IEND"u8.ToArray();

    /// <exception cref="ImageRejectedException">The bytes are not a usable image; the reason says why.</exception>
    public static ImageProbeResult Probe(byte[] bytes, ImageLimits limits, bool fullDecode = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.Length == 0)
            throw new ImageRejectedException(ImageRejectionReason.Empty, "The file is empty (0 bytes).");
        if (bytes.Length > limits.MaxBytes)
            throw new ImageRejectedException(ImageRejectionReason.TooLarge, $"The file has {bytes.Length:N0} bytes; the limit is {limits.MaxBytes:N0}.");

        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(bytes, out format);
        }
        catch (UnknownImageFormatException ex)
        {
            throw new ImageRejectedException(ImageRejectionReason.NotAnImage, "Not a recognised image format.", ex);
        }
        catch (InvalidImageContentException ex)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"Corrupt image: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new ImageRejectedException(ImageRejectionReason.UnsupportedFormat, $"Unsupported image: {ex.Message}", ex);
        }
        catch (ImageFormatException ex)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"Corrupt image: {ex.Message}", ex);
        }
        if (info is null || format is null)
            throw new ImageRejectedException(ImageRejectionReason.NotAnImage, "Not a recognised image format.");
        if (info.Width <= 0 || info.Height <= 0)
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The header gives a size of {info.Width}×{info.Height}.");
        if ((long)info.Width * info.Height > limits.MaxPixels)
            throw new ImageRejectedException(ImageRejectionReason.PixelBomb, $"{info.Width}×{info.Height} pixels exceeds the limit of {limits.MaxPixels:N0}.");

        var formatName = format.Name.ToUpperInvariant();
        if (formatName == "JPEG" && !TailContains(bytes, JpegEnd))
            throw new ImageRejectedException(ImageRejectionReason.Truncated, "The JPEG has no end-of-image marker: the file is truncated.");
        if (formatName == "PNG" && !TailContains(bytes, PngEnd))
            throw new ImageRejectedException(ImageRejectionReason.Truncated, "The PNG has no IEND chunk: the file is truncated.");

        if (fullDecode)
        {
            try
            {
                using var image = Image.Load<L8>(bytes);
            }
            catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or InvalidOperationException)
            {
                throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The image data does not decode: {ex.Message}", ex);
            }
        }
        return new ImageProbeResult(info.Width, info.Height, format.Name);
    }

    /// <summary>Whether the marker occurs in the last kilobyte; encoders may pad after it, so it need not be the very end.</summary>
    private static bool TailContains(byte[] bytes, byte[] marker)
    {
        var tail = bytes.AsSpan(Math.Max(0, bytes.Length - 1024));
        return tail.IndexOf(marker) >= 0;
    }
}
