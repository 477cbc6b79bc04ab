using System.Buffers.Binary;

namespace FracCluster.Imaging;

/// <summary>
/// Magic-byte checks cheap enough for an HTTP front door: no decoding, no allocation. Says which format bytes claim to be,
/// or why they are refused (empty, too large, not an image, a recognised format this system does not decode).
/// Structure (truncation) and dimensions (pixel bombs) are checked later by <see cref="ImagePipeline.Inspect"/>.
/// </summary>
public static class ImageSniffer
{
    /// <summary>Bytes of a prefix that <see cref="DetectFormat"/> needs to recognise every format it knows (DICOM's marker ends at 132).</summary>
    public const int PrefixLength = 132;

    /// <summary>The formats <see cref="ImagePipeline"/> decodes, for messages.</summary>
    public const string SupportedFormatsText = "JPEG, PNG, BMP or TIFF";

    private const string DicomAdvice =
        "DICOM files are not supported: export the image first, e.g. with dcmtk: " +
        "`dcmj2pnm --write-16-bit-png scan.dcm scan.png` (keeps 16 bits) or `dcmj2pnm --write-png +Wm scan.dcm scan.png` (8-bit, min-max window).";

    /// <summary>Checks emptiness, the byte limit and the signature of a complete encoded image.</summary>
    public static ImageSniffResult Sniff(ReadOnlySpan<byte> content, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (content.IsEmpty)
            return ImageSniffResult.Rejected(ImageFileFormat.Unknown, ImageRejectionReason.Empty, "The image is empty (0 bytes).");
        return SniffPrefix(content[..Math.Min(content.Length, PrefixLength)], content.Length, limits);
    }

    /// <summary>
    /// Like <see cref="Sniff"/> for a caller that has only the first bytes and the declared total length (a streamed upload):
    /// rejects before the body is read.
    /// </summary>
    public static ImageSniffResult SniffPrefix(ReadOnlySpan<byte> prefix, long totalLength, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (totalLength == 0)
            return ImageSniffResult.Rejected(ImageFileFormat.Unknown, ImageRejectionReason.Empty, "The image is empty (0 bytes).");
        if (totalLength > limits.MaxBytes)
        {
            return ImageSniffResult.Rejected(ImageFileFormat.Unknown, ImageRejectionReason.TooLarge,
                FormattableString.Invariant($"The image is {totalLength:N0} bytes; the limit is {limits.MaxBytes:N0} bytes."));
        }

        var format = DetectFormat(prefix);
        return format switch
        {
            ImageFileFormat.Jpeg or ImageFileFormat.Png or ImageFileFormat.Bmp or ImageFileFormat.Tiff => ImageSniffResult.Accepted(format),
            ImageFileFormat.Dicom => ImageSniffResult.Rejected(format, ImageRejectionReason.UnsupportedFormat, DicomAdvice),
            ImageFileFormat.Unknown => ImageSniffResult.Rejected(format, ImageRejectionReason.NotAnImage,
                $"Not a recognised image (first bytes {Convert.ToHexString(prefix[..Math.Min(prefix.Length, 8)])}{DescribeNonImage(prefix)}); send {SupportedFormatsText}."),
            _ => ImageSniffResult.Rejected(format, ImageRejectionReason.UnsupportedFormat,
                $"{format} images are not supported; convert to {SupportedFormatsText} (PNG keeps 16-bit grayscale)."),
        };
    }

    /// <summary>The format the leading bytes claim; <see cref="ImageFileFormat.Unknown"/> when none matches.</summary>
    public static ImageFileFormat DetectFormat(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length >= 3 && prefix[0] == 0xFF && prefix[1] == 0xD8 && prefix[2] == 0xFF)
            return ImageFileFormat.Jpeg;
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return ImageFileFormat.Png;
        if (IsBmp(prefix))
            return ImageFileFormat.Bmp;
        if (prefix.StartsWith("II*\0"u8) || prefix.StartsWith("MM\0*"u8) || prefix.StartsWith("II+\0"u8) || prefix.StartsWith("MM\0+"u8))
            return ImageFileFormat.Tiff;
        if (prefix.StartsWith("GIF87a"u8) || prefix.StartsWith("GIF89a"u8))
            return ImageFileFormat.Gif;
        if (prefix.Length >= 12 && prefix.StartsWith("RIFF"u8) && prefix[8..12].SequenceEqual("WEBP"u8))
            return ImageFileFormat.WebP;
        if (prefix.Length >= 132 && prefix[128..132].SequenceEqual("DICM"u8))
            return ImageFileFormat.Dicom;
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A])
            || prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]))
            return ImageFileFormat.Jpeg2000;
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A])
            || prefix.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, (byte)'J', (byte)'X', (byte)'L', 0x20, 0x0D, 0x0A, 0x87, 0x0A]))
            return ImageFileFormat.JpegXl;
        if (prefix.Length >= 12 && prefix[4..8].SequenceEqual("ftyp"u8) && IsHeifBrand(prefix[8..12]))
            return ImageFileFormat.Heif;
        return ImageFileFormat.Unknown;
    }

    /// <summary>"BM" alone is common in text; require a known DIB header size when the prefix holds it.</summary>
    private static bool IsBmp(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 2 || prefix[0] != 'B' || prefix[1] != 'M')
            return false;
        if (prefix.Length < 18)
            return prefix.Length >= 6;
        var dibHeaderSize = BinaryPrimitives.ReadUInt32LittleEndian(prefix[14..18]);
        return dibHeaderSize is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;
    }

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8)
        || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8);

    private static string DescribeNonImage(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith("%PDF"u8))
            return ", a PDF document";
        if (prefix.StartsWith("PK\u0003\u0004"u8))
            return ", a ZIP archive";
        var trimmed = prefix.TrimStart(" \t\r\n"u8);
        if (trimmed.StartsWith("<"u8) || trimmed.StartsWith("{"u8))
            return ", text (HTML, XML or JSON?)";
        return string.Empty;
    }
}
