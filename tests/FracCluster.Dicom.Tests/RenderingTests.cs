using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Dicom.Tests;

/// <summary>The pixel pipeline: stored bits → modality → VOI → display, colour models, frames, and bare data sets.</summary>
public sealed class RenderingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static RenderedImage Render(DicomDataset dataset) => TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(dataset)).Rendered;

    private static DicomDataset Signed12(short[] values, int width, int height)
    {
        var dataset = TestImages.Gray(width, height, values.Select(v => (ushort)(v & 0x0FFF)).ToArray(), 16, 12);
        return dataset.SetUInt16(DicomTags.PixelRepresentation, 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_bare_data_set_with_its_transfer_syntax_reads_as_the_part10_file_does(bool explicitVr)
    {
        var dataset = TestImages.Gray(33, 21, TestImages.Pattern(33, 21, 65535), 16, 16);
        var bare = DicomWriter.WriteDataset(dataset, explicitVr);
        var syntax = explicitVr ? DicomTransferSyntax.ExplicitVrLittleEndian : DicomTransferSyntax.ImplicitVrLittleEndian;

        var fromBare = TestCodec.Pipeline.FromDataset(bare, syntax.Uid);
        var fromFile = TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(dataset));
        Assert.Equal(fromFile.Tensor, fromBare.Tensor);
        Assert.Equal(dataset.GetString(DicomTags.SopInstanceUid), fromBare.Instance.SopInstanceUid);
        Assert.Equal(0, fromBare.Instance.FileMeta.Count);
    }

    [Fact]
    public void A_dicom_image_and_a_png_of_its_rendering_become_the_same_model_input()
    {
        // The FracAtlas route: a DICOM exported to an 8-bit picture with its window. Both must meet the model alike.
        var dataset = TestImages.Gray(57, 43, TestImages.Pattern(57, 43, 4095), 16, 12)
            .SetString(DicomTags.WindowCenter, DicomVR.DS, "2000").SetString(DicomTags.WindowWidth, DicomVR.DS, "3001");
        var input = TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(dataset));
        using var png = new MemoryStream();
        using (var image = Image.LoadPixelData<L8>(input.Rendered.Pixels, input.Rendered.Width, input.Rendered.Height))
            image.SaveAsPng(png);

        var images = new Imaging.ImagePipeline(new Imaging.ImageLimits(), Imaging.PreprocessOptions.ImageNet(64));
        Assert.Equal(images.DecodeAndPreprocess(png.ToArray()), input.Tensor);
    }

    [Fact]
    public void A_received_data_set_wrapped_as_part10_is_read_by_dcmdump_and_by_us()
    {
        var dataset = TestImages.Gray(20, 10, TestImages.Pattern(20, 10, 4095), 16, 12);
        var bare = DicomWriter.WriteDataset(dataset, explicitVr: false);
        var sopInstance = dataset.GetString(DicomTags.SopInstanceUid)!;
        var file = DicomWriter.WrapDataset(TestImages.DigitalXRayForPresentation, sopInstance, DicomTransferSyntax.ImplicitVrLittleEndian.Uid, bare, "SCANNER1");
        var path = folder.File("wrapped.dcm");
        File.WriteAllBytes(path, file);

        var dump = Dcmtk.Run("dcmdump", "-E", "-M", path);
        Assert.Contains("(0002,0010) UI =LittleEndianImplicit", dump, StringComparison.Ordinal);
        Assert.Contains("(0002,0016) AE [SCANNER1]", dump, StringComparison.Ordinal);
        var meta = TestCodec.ReadFile(path).FileMeta;
        var groupLength = ((DicomValueElement)meta.Get(DicomTags.FileMetaInformationGroupLength)!).Value.Span;
        // The group length counts every meta element after itself: the data set starts right where it says.
        Assert.Equal(bare, file.AsSpan(132 + 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(groupLength)).ToArray());
        Assert.Equal(TestCodec.Pipeline.FromDataset(bare, DicomTransferSyntax.ImplicitVrLittleEndian.Uid).Tensor, TestCodec.Tensor(path));
    }

    [Fact]
    public void Signed_samples_are_rescaled_then_windowed_with_the_standard_linear_function()
    {
        short[] values = [-2048, -100, 0, 100, 2047, 500];
        var dataset = Signed12(values, 6, 1)
            .SetString(DicomTags.RescaleSlope, DicomVR.DS, "2")
            .SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1000")
            .SetString(DicomTags.WindowCenter, DicomVR.DS, "-1000", "40")
            .SetString(DicomTags.WindowWidth, DicomVR.DS, "801", "80");

        var rendered = Render(dataset);

        // Modality 2s - 1000 = -5096, -1200, -1000, -800, 3094, 0; the first window (c = -1000, w = 801) by
        // PS3.3 C.11.2.1.2.1: y = ((x - (c - 0.5)) / (w - 1) + 0.5) × 255, clamped, rounded.
        Assert.Equal([0, 64, 128, 191, 255, 255], rendered.Pixels.Select(p => (int)p).ToArray());
        Assert.Equal("window -1000/801", rendered.VoiSource);
    }

    [Fact]
    public void Padding_pixels_render_black_and_do_not_stretch_the_min_max_window()
    {
        ushort[] values = [100, 150, 200, 4000, 4000, 125];
        var dataset = TestImages.Gray(6, 1, values, 16, 12).SetUInt16(DicomTags.PixelPaddingValue, 4000);
        Assert.Equal([0, 128, 255, 0, 0, 64], Render(dataset).Pixels.Select(p => (int)p).ToArray());
    }

    [Fact]
    public void A_voi_lut_maps_modality_values_and_scales_its_output_bits_to_8()
    {
        // 4 entries from value 10, 10-bit output: 10 → 0, 11 → 341, 12 → 682, 13 → 1023; outside clamps to the ends.
        ushort[] values = [5, 10, 11, 12, 13, 40];
        var lut = new byte[8];
        ushort[] entries = [0, 341, 682, 1023];
        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(lut.AsSpan(i * 2), entries[i]);
        var item = new DicomDataset().SetUInt16(DicomTags.LutDescriptor, 4, 10, 10).SetBytes(DicomTags.LutData, DicomVR.OW, lut);
        var dataset = TestImages.Gray(6, 1, values, 16, 12).SetSequence(DicomTags.VoiLutSequence, item);

        Assert.Equal([0, 0, 85, 170, 255, 255], Render(dataset).Pixels.Select(p => (int)p).ToArray());
    }

    [Fact]
    public void Bits_above_the_high_bit_are_masked_off()
    {
        // 12 bits stored in the low bits; the top nibble carries an overlay-like flag that must not show.
        ushort[] values = [0xF000, 0xF7FF, 0x0FFF, 0x0800];
        var dataset = TestImages.Gray(4, 1, values, 16, 12)
            .SetString(DicomTags.WindowCenter, DicomVR.DS, "2048").SetString(DicomTags.WindowWidth, DicomVR.DS, "4096");
        // Stored values 0, 2047, 4095, 2048 in a window spanning exactly 0…4095.
        Assert.Equal([0, 127, 255, 128], Render(dataset).Pixels.Select(p => (int)p).ToArray());
    }

    [Fact]
    public void Only_the_first_frame_of_a_multi_frame_image_is_rendered_and_the_result_says_so()
    {
        var dataset = TestImages.Gray(8, 4, [.. Enumerable.Repeat((ushort)10, 32), .. Enumerable.Repeat((ushort)20, 32)], 16, 12)
            .SetString(DicomTags.NumberOfFrames, DicomVR.IS, "2")
            .SetString(DicomTags.WindowCenter, DicomVR.DS, "15").SetString(DicomTags.WindowWidth, DicomVR.DS, "3");
        // Two frames' worth of pixel data under one Rows × Columns: 8 × 4 each.
        var input = TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(dataset));
        Assert.True(input.Rendered.IsMultiFrame);
        Assert.All(input.Rendered.Pixels, p => Assert.Equal(0, p)); // frame 1 is all 10, below the window; frame 2 (20) would be white
        Assert.Contains("first of 2 frames", input.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rgb_secondary_capture_from_img2dcm_gives_the_model_input_of_the_grayscale_image_it_shows()
    {
        const int width = 40, height = 30;
        var gray = TestImages.Pattern(width, height, 255);
        using (var bmp = new Image<Rgb24>(width, height))
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var v = (byte)gray[(y * width) + x];
                    bmp[x, y] = new Rgb24(v, v, v);
                }
            }

            bmp.Save(folder.File("image.bmp"), new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        }

        var rgb = folder.File("rgb.dcm");
        Dcmtk.Run("img2dcm", "-i", "BMP", folder.File("image.bmp"), rgb);
        Assert.Equal("RGB", TestCodec.ReadFile(rgb).Dataset.GetString(DicomTags.PhotometricInterpretation));
        // A window of centre 128 and width 256 maps 8-bit values to themselves, so both are the same picture.
        var mono = TestImages.Gray(width, height, gray, 8, 8)
            .SetString(DicomTags.WindowCenter, DicomVR.DS, "128").SetString(DicomTags.WindowWidth, DicomVR.DS, "256");
        Assert.Equal(TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(mono)).Tensor, TestCodec.Tensor(rgb));

        // Lossless colour JPEG (three interleaved components) is the same picture exactly.
        var lossless = folder.File("rgb-lossless.dcm");
        Dcmtk.Run("dcmcjpeg", "+el", "+sv", "6", rgb, lossless);
        Assert.Equal(TestCodec.Tensor(rgb), TestCodec.Tensor(lossless));

        // The same through JPEG Baseline: dcmcjpeg stores colour as YBR_FULL_422 with halved chroma.
        var jpeg = folder.File("ybr.dcm");
        Dcmtk.Run("dcmcjpeg", "+eb", rgb, jpeg);
        Assert.Equal("YBR_FULL_422", TestCodec.ReadFile(jpeg).Dataset.GetString(DicomTags.PhotometricInterpretation));
        EncodingParityTests.AssertWithinNoise(TestCodec.Pipeline.FromFile(File.ReadAllBytes(rgb)).Rendered, TestCodec.Pipeline.FromFile(File.ReadAllBytes(jpeg)).Rendered);
    }

    [Theory]
    [InlineData("YBR_FULL", 0)]
    [InlineData("YBR_FULL", 1)]
    [InlineData("YBR_FULL_422", 0)]
    [InlineData("RGB", 1)]
    public void Native_colour_models_and_planar_configurations_render_to_the_same_rgb(string photometric, int planar)
    {
        const int width = 6, height = 2;
        (byte R, byte G, byte B)[] colours = [(200, 30, 40), (200, 30, 40), (10, 220, 90), (10, 220, 90), (128, 128, 128), (128, 128, 128)];
        var rgb = Enumerable.Range(0, width * height).Select(i => colours[i % width]).ToArray();
        var samples = rgb.Select(c => photometric == "RGB" ? (c.R, c.G, c.B) : ToYbr(c)).ToArray();
        byte[] data = photometric switch
        {
            "YBR_FULL_422" => samples.Chunk(2).SelectMany(p => new[] { p[0].Item1, p[1].Item1, p[0].Item2, p[0].Item3 }).ToArray(),
            _ when planar == 1 => [.. samples.Select(s => s.Item1), .. samples.Select(s => s.Item2), .. samples.Select(s => s.Item3)],
            _ => samples.SelectMany(s => new[] { s.Item1, s.Item2, s.Item3 }).ToArray(),
        };
        var dataset = TestImages.Identity(TestImages.SecondaryCapture)
            .SetUInt16(DicomTags.SamplesPerPixel, 3).SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, photometric)
            .SetUInt16(DicomTags.PlanarConfiguration, (ushort)planar).SetUInt16(DicomTags.Rows, height).SetUInt16(DicomTags.Columns, width)
            .SetUInt16(DicomTags.BitsAllocated, 8).SetUInt16(DicomTags.BitsStored, 8).SetUInt16(DicomTags.HighBit, 7)
            .SetUInt16(DicomTags.PixelRepresentation, 0).SetBytes(DicomTags.PixelData, DicomVR.OB, data);

        var rendered = Render(dataset);
        var expected = rgb.SelectMany(c => new[] { c.R, c.G, c.B }).ToArray();
        Assert.All(rendered.Pixels.Zip(expected), p => Assert.InRange(p.First - p.Second, -1, 1));
    }

    private static (byte, byte, byte) ToYbr((byte R, byte G, byte B) c)
    {
        double y = (0.299 * c.R) + (0.587 * c.G) + (0.114 * c.B);
        double cb = (-0.168736 * c.R) - (0.331264 * c.G) + (0.5 * c.B) + 128;
        double cr = (0.5 * c.R) - (0.418688 * c.G) - (0.081312 * c.B) + 128;
        return ((byte)Math.Round(y), (byte)Math.Round(cb), (byte)Math.Round(cr));
    }
}
