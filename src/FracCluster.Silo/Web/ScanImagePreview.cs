using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FracCluster.Silo.Web;

/// <summary>
/// A scanner's image as a browser can show it: grey PNG, longest side at most the requested size. Scanners may send
/// TIFF or 16-bit images no browser displays, and a worklist of full-size radiographs would be megabytes per row.
/// </summary>
public static class ScanImagePreview
{
    /// <summary>Images whose header claims more pixels than this are not decoded for a preview (a decompression bomb).</summary>
    private const long MaxPixels = 100_000_000;

    private static readonly PngEncoder Encoder = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };

    /// <summary>The PNG, or null when the bytes are not an image ImageSharp can decode or are too large to preview.</summary>
    public static ScanPreview? Render(byte[] image, int maxSide)
    {
        try
        {
            var info = Image.Identify(image);
            if (info is null || (long)info.Width * info.Height > MaxPixels)
                return null;
            using var decoded = Image.Load<L8>(image);
            var (width, height) = (decoded.Width, decoded.Height);
            var scale = Math.Min(1.0, maxSide / (double)Math.Max(decoded.Width, decoded.Height));
            if (scale < 1.0)
                decoded.Mutate(x => x.Resize(Math.Max(1, (int)Math.Round(decoded.Width * scale)), Math.Max(1, (int)Math.Round(decoded.Height * scale)), KnownResamplers.Triangle));
            using var output = new MemoryStream();
            decoded.SaveAsPng(output, Encoder);
            return new ScanPreview(output.ToArray(), width, height);
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>A preview PNG and the size of the original image (boxes are given in original pixels).</summary>
public sealed record ScanPreview(byte[] Png, int OriginalWidth, int OriginalHeight);
