using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace FracCluster.Imaging.Tests;

public sealed class ImageRejectionTests
{
    private static readonly ImagePipeline Pipeline = new(new ImageLimits(), PreprocessOptions.ImageNet(32));

    private static byte[] Picture(string format)
    {
        using var image = TestImages.Rgb(80, 60, (x, y) => new SixLabors.ImageSharp.PixelFormats.Rgb24((byte)(x * 3), (byte)(y * 4), (byte)(x ^ y)));
        return format switch
        {
            "jpeg" => TestImages.Encode(image, new JpegEncoder { Quality = 90 }),
            "png" => TestImages.Encode(image, new PngEncoder()),
            "bmp" => TestImages.Encode(image, new BmpEncoder()),
            "tiff" => TestImages.Encode(image, new TiffEncoder()),
            "gif" => TestImages.Encode(image, new GifEncoder()),
            "webp" => TestImages.Encode(image, new WebpEncoder()),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static ImageRejectedException Rejected(byte[] bytes, ImagePipeline? pipeline = null) =>
        Assert.Throws<ImageRejectedException>(() => (pipeline ?? Pipeline).DecodeAndPreprocess(bytes));

    [Fact]
    public void Empty_input_is_rejected_as_empty()
    {
        var error = Rejected([]);
        Assert.Equal(ImageRejectionReason.Empty, error.Reason);
        Assert.Contains("empty", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Random_bytes_are_not_an_image()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x12; // keep clear of any signature by chance

        Assert.Equal(ImageRejectionReason.NotAnImage, Rejected(bytes).Reason);
    }

    [Fact]
    public void A_pdf_is_not_an_image_and_the_message_says_what_it_is()
    {
        var error = Rejected("%PDF-1.7\n%âãÏÓ\n1 0 obj"u8.ToArray());
        Assert.Equal(ImageRejectionReason.NotAnImage, error.Reason);
        Assert.Contains("PDF", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gif")]
    [InlineData("webp")]
    public void Recognised_formats_outside_the_supported_four_are_unsupported(string format)
    {
        var error = Rejected(Picture(format));
        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Contains("JPEG, PNG, BMP or TIFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dicom_is_recognised_and_the_message_says_how_to_convert()
    {
        var bytes = new byte[512];
        "DICM"u8.CopyTo(bytes.AsSpan(128));

        var error = Rejected(bytes);

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Contains("DICOM", error.Message, StringComparison.Ordinal);
        Assert.Contains("dcmj2pnm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lossless_jpeg_is_an_unsupported_variant_with_advice()
    {
        var bytes = Picture("jpeg");
        var sof = Enumerable.Range(2, bytes.Length - 3).First(i => bytes[i] == 0xFF && bytes[i + 1] == 0xC0);
        bytes[sof + 1] = 0xC3; // SOF3: lossless

        var error = Rejected(bytes);

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Contains("lossless JPEG (SOF3)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jpeg", 0.6)]
    [InlineData("jpeg", 0.02)]
    [InlineData("png", 0.5)]
    [InlineData("png", 0.05)]
    [InlineData("bmp", 0.7)]
    [InlineData("tiff", 0.5)]
    public void Cut_off_files_are_truncated(string format, double keep)
    {
        var whole = Picture(format);
        var cut = whole.AsSpan(0, (int)(whole.Length * keep)).ToArray();

        var error = Rejected(cut);

        Assert.Equal(ImageRejectionReason.Truncated, error.Reason);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_missing_only_its_end_marker_is_truncated()
    {
        var whole = Picture("jpeg");
        Assert.Equal(ImageRejectionReason.Truncated, Rejected(whole[..^2]).Reason);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("bmp")]
    [InlineData("tiff")]
    public void Complete_files_of_each_supported_format_decode(string format)
    {
        var output = Pipeline.DecodeAndPreprocess(Picture(format));
        Assert.Equal(3 * 32 * 32, output.Length);
        Assert.All(output, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Files_over_the_byte_limit_are_too_large_before_anything_is_parsed()
    {
        var pipeline = new ImagePipeline(new ImageLimits { MaxBytes = 1000 }, PreprocessOptions.ImageNet(32));
        var bytes = new byte[1001]; // not even an image: size is checked first

        var error = Rejected(bytes, pipeline);

        Assert.Equal(ImageRejectionReason.TooLarge, error.Reason);
        Assert.Contains("1,001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_header_claiming_huge_dimensions_is_a_pixel_bomb()
    {
        var bomb = TestImages.WithJpegDimensions(Picture("jpeg"), 60000, 60000);

        var error = Rejected(bomb);

        Assert.Equal(ImageRejectionReason.PixelBomb, error.Reason);
        Assert.Contains("3,600,000,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_header_claiming_huge_dimensions_is_a_pixel_bomb()
    {
        var bomb = TestImages.WithPngDimensions(Picture("png"), 100_000, 100_000);
        Assert.Equal(ImageRejectionReason.PixelBomb, Rejected(bomb).Reason);
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        var pipeline = new ImagePipeline(new ImageLimits { MaxPixels = 80 * 60 - 1 }, PreprocessOptions.ImageNet(32));
        Assert.Equal(ImageRejectionReason.PixelBomb, Rejected(Picture("png"), pipeline).Reason);
        Assert.Equal(ImageRejectionReason.PixelBomb, Rejected(Picture("bmp"), pipeline).Reason);
    }

    [Fact]
    public void A_png_with_damaged_compressed_data_is_corrupt()
    {
        var bytes = Picture("png");
        var idat = TestImages.FindPngChunk(bytes, "IDAT");
        var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(idat - 4));
        for (var i = idat + 6; i < idat + 4 + length; i += 7)
            bytes[i] ^= 0x5A;
        // Fix the CRC so the damage is in the data, not the checksum.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(idat + 4 + length), TestImages.Crc32(bytes.AsSpan(idat, 4 + length)));

        var error = Rejected(bytes);

        Assert.Equal(ImageRejectionReason.Corrupt, error.Reason);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void A_png_with_a_bad_checksum_is_corrupt()
    {
        var bytes = Picture("png");
        bytes[29] ^= 0xFF; // IHDR CRC

        Assert.Equal(ImageRejectionReason.Corrupt, Rejected(bytes).Reason);
    }
}
