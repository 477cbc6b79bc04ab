namespace FracCluster.Dicom.Tests;

/// <summary>
/// One image, many encodings, one answer: the same 16-bit pixels written by us and re-encoded by dcmtk become the
/// identical model input in every lossless transfer syntax; lossy ones stay within the stated noise.
/// </summary>
public sealed class EncodingParityTests : IDisposable
{
    private const int Width = 61; // odd, and not a multiple of 8: exercises padding and partial JPEG blocks
    private const int Height = 45;
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string WriteOriginal(int bitsAllocated, int bitsStored, Action<DicomDataset>? change = null)
    {
        var pixels = TestImages.Pattern(Width, Height, (1 << bitsStored) - 1);
        var dataset = TestImages.Gray(Width, Height, pixels, bitsAllocated, bitsStored);
        change?.Invoke(dataset);
        var path = folder.File("original.dcm");
        File.WriteAllBytes(path, DicomWriter.WriteFile(dataset));
        return path;
    }

    private string Convert(string tool, string source, params string[] options)
    {
        var target = folder.File($"{tool}-{string.Join("", options).Replace("+", "p", StringComparison.Ordinal)}.dcm");
        Dcmtk.Run(tool, [.. options, source, target]);
        return target;
    }

    [Theory]
    [InlineData("dcmconv", "+ti", "1.2.840.10008.1.2")]
    [InlineData("dcmconv", "+te", "1.2.840.10008.1.2.1")]
    [InlineData("dcmconv", "+td", "1.2.840.10008.1.2.1.99")]
    [InlineData("dcmcrle", "", "1.2.840.10008.1.2.5")]
    [InlineData("dcmcjpeg", "+e1", "1.2.840.10008.1.2.4.70")]
    [InlineData("dcmcjpeg", "+el", "1.2.840.10008.1.2.4.57")]
    public void Full_range_16_bit_image_gives_the_identical_model_input_in_every_lossless_syntax(string tool, string option, string expectedSyntax, int bitsStored = 16)
    {
        var original = WriteOriginal(16, bitsStored);
        var converted = Convert(tool, original, option.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var instance = TestCodec.ReadFile(converted);
        Assert.Equal(expectedSyntax, instance.TransferSyntax.Uid);
        Assert.Equal(TestCodec.StoredSamples(TestCodec.ReadFile(original)), TestCodec.StoredSamples(instance));
        Assert.Equal(TestCodec.Tensor(original), TestCodec.Tensor(converted));
    }

    [Theory]
    [InlineData(16, "+e1")]
    [InlineData(16, "+el", "+sv", "2")]
    [InlineData(16, "+el", "+sv", "3")]
    [InlineData(16, "+el", "+sv", "4")]
    [InlineData(16, "+el", "+sv", "5")]
    [InlineData(16, "+el", "+sv", "6")]
    [InlineData(16, "+el", "+sv", "7")]
    [InlineData(16, "+el", "+sv", "7", "+pt", "3")]
    [InlineData(12, "+el", "+sv", "5")]
    [InlineData(8, "+el", "+sv", "6")]
    public void Jpeg_lossless_decoding_matches_dcmtks_own_decompression_for_every_predictor(int bitsStored, params string[] options)
    {
        var jpeg = Convert("dcmcjpeg", WriteOriginal(16, bitsStored), options);
        var decompressed = Convert("dcmdjpeg", jpeg);

        var ours = TestCodec.StoredSamples(TestCodec.ReadFile(jpeg));
        var dcmtks = TestCodec.StoredSamples(TestCodec.ReadFile(decompressed));
        if (bitsStored == 16)
            Assert.Contains(ours, v => v > 32767); // the upper half of the range, where a signed 16-bit decoder would wrap
        Assert.Equal(dcmtks, ours);
    }

    [Theory]
    [InlineData("+ee", 16, 12, "1.2.840.10008.1.2.4.51")]
    [InlineData("+eb", 8, 8, "1.2.840.10008.1.2.4.50")]
    public void Lossy_jpeg_decoding_matches_dcmtks_within_two_steps(string option, int bitsAllocated, int bitsStored, string syntax)
    {
        var jpeg = Convert("dcmcjpeg", WriteOriginal(bitsAllocated, bitsStored), option);
        Assert.Equal(syntax, TestCodec.ReadFile(jpeg).TransferSyntax.Uid);
        var decompressed = Convert("dcmdjpeg", jpeg);

        var ours = TestCodec.StoredSamples(TestCodec.ReadFile(jpeg));
        var dcmtks = TestCodec.StoredSamples(TestCodec.ReadFile(decompressed));
        // Both are IDCTs of the same coefficients; JpegLibrary's is floating point, libijg's islow integer.
        var worst = ours.Zip(dcmtks, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 2, $"largest difference {worst} of {(1 << bitsStored) - 1}");
    }

    [Fact]
    public void Jpeg_extended_with_a_window_stays_within_the_stated_noise_of_the_original()
    {
        var original = WriteOriginal(16, 16, d => d.SetString(DicomTags.WindowCenter, DicomVR.DS, "30000").SetString(DicomTags.WindowWidth, DicomVR.DS, "50001"));
        var jpeg = Convert("dcmcjpeg", original, "+ee", "+Wi", "1");
        AssertWithinNoise(TestCodec.Pipeline.FromFile(File.ReadAllBytes(original)).Rendered, TestCodec.Pipeline.FromFile(File.ReadAllBytes(jpeg)).Rendered);
    }

    [Fact]
    public void Jpeg_baseline_of_an_8_bit_image_stays_within_the_stated_noise()
    {
        var original = WriteOriginal(8, 8);
        var jpeg = Convert("dcmcjpeg", original, "+eb");
        Assert.Equal(DicomTransferSyntax.JpegBaseline.Uid, TestCodec.ReadFile(jpeg).TransferSyntax.Uid);
        AssertWithinNoise(TestCodec.Pipeline.FromFile(File.ReadAllBytes(original)).Rendered, TestCodec.Pipeline.FromFile(File.ReadAllBytes(jpeg)).Rendered);
    }

    [Fact]
    public void Monochrome1_with_inverted_pixels_and_the_inverse_window_gives_the_identical_model_input()
    {
        const int max = 65535;
        const int center = 30000;
        const int width = 40001;
        var original = WriteOriginal(16, 16, d => d.SetString(DicomTags.WindowCenter, DicomVR.DS, $"{center}").SetString(DicomTags.WindowWidth, DicomVR.DS, $"{width}"));
        var pixels = TestImages.Pattern(Width, Height, max).Select(p => (ushort)(max - p)).ToArray();
        var inverted = folder.File("inverted.dcm");
        File.WriteAllBytes(inverted, DicomWriter.WriteFile(TestImages.Gray(Width, Height, pixels, 16, 16)));
        // The window that shows inverted values as the original window showed the originals: c' = max - c + 1 (PS3.3 C.11.2.1.2.1).
        Dcmtk.Run("dcmodify", "-nb", "-m", "(0028,0004)=MONOCHROME1", "-i", $"(0028,1050)={max - center + 1}", "-i", $"(0028,1051)={width}", inverted);

        Assert.Equal("MONOCHROME1", TestCodec.ReadFile(inverted).Dataset.GetString(DicomTags.PhotometricInterpretation));
        Assert.Equal(TestCodec.Tensor(original), TestCodec.Tensor(inverted));
    }

    /// <summary>
    /// The noise of lossy JPEG (dcmcjpeg's default quality 90) as docs/dicom.md states it: on the rendered 8-bit image of
    /// this deliberately busy pattern (a sawtooth every few pixels), mean absolute difference under 4 grey levels and
    /// no pixel off by more than 32; measured 3.0 and 14.
    /// </summary>
    internal static void AssertWithinNoise(RenderedImage expected, RenderedImage actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Grayscale), (actual.Width, actual.Height, actual.Grayscale));
        var differences = expected.Pixels.Zip(actual.Pixels, (a, b) => Math.Abs(a - b)).ToArray();
        var mean = differences.Average();
        var worst = differences.Max();
        Assert.True(mean < 4 && worst <= 32, $"mean difference {mean:F2}, largest {worst} grey levels");
    }
}
