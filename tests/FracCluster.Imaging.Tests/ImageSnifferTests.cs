namespace FracCluster.Imaging.Tests;

public sealed class ImageSnifferTests
{
    private static readonly ImageLimits Limits = new();

    public static TheoryData<string, ImageFileFormat> Signatures => new()
    {
        { "FFD8FFE000104A464946", ImageFileFormat.Jpeg },
        { "89504E470D0A1A0A0000000D49484452", ImageFileFormat.Png },
        { "424D36100000000000003604000028000000", ImageFileFormat.Bmp },
        { "49492A0008000000", ImageFileFormat.Tiff },
        { "4D4D002A00000008", ImageFileFormat.Tiff },
        { "474946383961", ImageFileFormat.Gif },
        { "52494646240000005745425056503820", ImageFileFormat.WebP },
        { "0000000C6A5020200D0A870A", ImageFileFormat.Jpeg2000 },
        { "0000001C6674797068656963", ImageFileFormat.Heif },
        { "000000206674797061766966", ImageFileFormat.Heif },
        { "FF0A", ImageFileFormat.JpegXl },
        { "424D5720697320612063617220616E64206120", ImageFileFormat.Unknown }, // "BMW is a car and a ": not a BMP header
        { "3C68746D6C3E", ImageFileFormat.Unknown },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Detects_formats_from_their_signatures(string hex, ImageFileFormat expected) =>
        Assert.Equal(expected, ImageSniffer.DetectFormat(Convert.FromHexString(hex)));

    [Fact]
    public void Supported_formats_are_accepted()
    {
        var result = ImageSniffer.Sniff(Convert.FromHexString("89504E470D0A1A0A0000000D49484452"), Limits);
        Assert.True(result.IsAccepted);
        Assert.Equal(ImageFileFormat.Png, result.ThrowIfRejected());
    }

    [Fact]
    public void Dicom_is_detected_after_its_preamble()
    {
        var bytes = new byte[132];
        "DICM"u8.CopyTo(bytes.AsSpan(128));

        var result = ImageSniffer.Sniff(bytes, Limits);

        Assert.Equal(ImageFileFormat.Dicom, result.Format);
        Assert.Equal(ImageRejectionReason.UnsupportedFormat, result.Rejection);
        Assert.Contains("dcmj2pnm", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_length_over_the_limit_is_refused_from_the_prefix_alone()
    {
        var result = ImageSniffer.SniffPrefix(Convert.FromHexString("FFD8FFE0"), 65L * 1024 * 1024, Limits);

        Assert.Equal(ImageRejectionReason.TooLarge, result.Rejection);
        var error = Assert.Throws<ImageRejectedException>(() => result.ThrowIfRejected());
        Assert.Equal(ImageRejectionReason.TooLarge, error.Reason);
    }

    [Fact]
    public void Empty_content_is_empty_and_text_is_not_an_image()
    {
        Assert.Equal(ImageRejectionReason.Empty, ImageSniffer.Sniff([], Limits).Rejection);
        var text = ImageSniffer.Sniff("{\"scan\": 1}"u8, Limits);
        Assert.Equal(ImageRejectionReason.NotAnImage, text.Rejection);
        Assert.Contains("7B22", text.Message, StringComparison.Ordinal);
    }
}
