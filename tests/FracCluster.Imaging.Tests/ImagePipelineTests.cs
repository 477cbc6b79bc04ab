using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Tests;

public sealed class ImagePipelineTests
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private static ImagePipeline Pipeline(int size = 224) => new(new ImageLimits(), PreprocessOptions.ImageNet(size));

    private static float Normalised(float unit, int channel) => (unit - Mean[channel]) / Std[channel];

    [Fact]
    public void Known_pixel_maps_to_its_normalised_value_in_each_channel()
    {
        // 224×224 in, 224×224 out: the triangle filter at scale 1 is the identity, so single pixels survive.
        using var image = TestImages.Rgb(224, 224, (x, y) => x == 10 && y == 20 ? new Rgb24(255, 0, 128) : new Rgb24(0, 0, 0));
        var output = Pipeline().DecodeAndPreprocess(TestImages.Encode(image, new PngEncoder()));

        const int plane = 224 * 224;
        const int index = (20 * 224) + 10;
        Assert.Equal(3 * plane, output.Length);
        Assert.Equal(Normalised(1f, 0), output[index]);
        Assert.Equal(Normalised(0f, 1), output[plane + index]);
        Assert.Equal(Normalised(128 / 255f, 2), output[(2 * plane) + index]);
        Assert.Equal(Normalised(0f, 0), output[index + 1]);
        Assert.Equal((1f - 0.485f) / 0.229f, output[index], 5);
    }

    [Fact]
    public void Uniform_grey_png_becomes_uniform_planes_after_resize()
    {
        using var image = TestImages.Gray8(50, 37, (_, _) => 128);
        var output = Pipeline(64).DecodeAndPreprocess(TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale }));

        const int plane = 64 * 64;
        for (var c = 0; c < 3; c++)
        {
            var expected = Normalised(128 / 255f, c);
            Assert.All(output.AsSpan(c * plane, plane).ToArray(), v => Assert.Equal(expected, v));
        }
    }

    [Theory]
    [InlineData(65535)]
    [InlineData(32768)]
    [InlineData(4095)] // the top of a 12-bit detector stored in 16 bits
    [InlineData(1000)] // 8-bit clipping would make this white; dropping the low byte would make it 3/255
    [InlineData(0)]
    public void Sixteen_bit_grey_png_keeps_its_full_range(int value)
    {
        using var image = TestImages.Gray16(40, 30, (_, _) => (ushort)value);
        var bytes = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        var pipeline = Pipeline(32);

        var header = pipeline.Inspect(bytes);
        var output = pipeline.DecodeAndPreprocess(bytes);

        Assert.Equal(new ImageHeader(ImageFileFormat.Png, 40, 30, Grayscale: true, BitsPerChannel: 16), header);
        for (var c = 0; c < 3; c++)
            Assert.Equal(Normalised(value / 65535f, c), output[(c * 32 * 32) + 100], 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sixteen_bit_grey_tiff_keeps_its_full_range_in_either_byte_order(bool bigEndian)
    {
        // Left half 1000, right half 50000: distinct values that 8-bit clipping would both turn white.
        var bytes = TestImages.Tiff16(64, 16, (x, _) => x < 32 ? (ushort)1000 : (ushort)50000, bigEndian);
        var pipeline = Pipeline(64);

        var header = pipeline.Inspect(bytes);
        var output = pipeline.DecodeAndPreprocess(bytes);

        Assert.Equal(new ImageHeader(ImageFileFormat.Tiff, 64, 16, Grayscale: true, BitsPerChannel: 16), header);
        var row = 10 * 64;
        Assert.Equal(Normalised(1000 / 65535f, 0), output[row + 5], 5);
        Assert.Equal(Normalised(50000 / 65535f, 0), output[row + 60], 5);
        Assert.Equal(Normalised(50000 / 65535f, 2), output[(2 * 64 * 64) + row + 60], 5);
    }

    public static TheoryData<string> EightBitGreyFormats => ["png", "bmp", "tiff", "jpeg"];

    [Theory]
    [MemberData(nameof(EightBitGreyFormats))]
    public void Eight_bit_grey_decodes_alike_in_every_format(string format)
    {
        // A smooth ramp: JPEG at quality 100 stays within a couple of levels of it.
        using var image = TestImages.Gray8(120, 90, (x, y) => (byte)(30 + x + (y / 2)));
        var reference = Pipeline(48).DecodeAndPreprocess(TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale }));
        var bytes = format switch
        {
            "png" => TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale }),
            "bmp" => TestImages.Encode(image, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }),
            "tiff" => TestImages.Encode(image, new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit8 }),
            _ => TestImages.Encode(image, new JpegEncoder { Quality = 100, ColorType = JpegColorType.Luminance }),
        };

        var output = Pipeline(48).DecodeAndPreprocess(bytes);

        var tolerance = (format == "jpeg" ? 3f : 0.5f) / 255f / 0.224f;
        var worst = reference.Zip(output, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= tolerance, $"{format}: max difference {worst} > {tolerance}");
    }

    [Fact]
    public void Grey_and_rgb_encodings_of_one_image_give_the_same_tensor()
    {
        // The L8 fast path must equal decoding the same picture as RGB.
        using var grey = TestImages.Gray8(150, 110, (x, y) => (byte)((x * 3) ^ (y * 5)));
        using var rgb = grey.CloneAs<Rgb24>();
        var pipeline = Pipeline(64);

        var fromGrey = pipeline.DecodeAndPreprocess(TestImages.Encode(grey, new PngEncoder { ColorType = PngColorType.Grayscale }));
        var fromRgb = pipeline.DecodeAndPreprocess(TestImages.Encode(rgb, new PngEncoder { ColorType = PngColorType.Rgb }));

        var worst = fromGrey.Zip(fromRgb, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1.01f / 255f / 0.224f, $"max difference {worst}");
        Assert.Equal(new ImageHeader(ImageFileFormat.Png, 150, 110, true, 8),
            pipeline.Inspect(TestImages.Encode(grey, new PngEncoder { ColorType = PngColorType.Grayscale })));
    }

    [Theory]
    [InlineData(1, 0, 0)] // TopLeft: as stored
    [InlineData(6, 1, 0)] // RightTop: shown rotated 90° clockwise, the stored top-left corner ends top-right
    [InlineData(3, 1, 1)] // BottomRight: rotated 180°
    [InlineData(8, 0, 1)] // LeftBottom: rotated 90° counter-clockwise, the corner ends bottom-left
    public void Exif_orientation_is_applied(ushort orientation, int brightColumn, int brightRow)
    {
        // A 60×40 photo whose stored top-left quadrant is white.
        using var image = TestImages.Gray8(60, 40, (x, y) => x < 30 && y < 20 ? (byte)255 : (byte)0);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        var bytes = TestImages.Encode(image, new JpegEncoder { Quality = 95, ColorType = JpegColorType.Luminance });

        var output = Pipeline(32).DecodeAndPreprocess(bytes);

        // Sample the centre of each output quadrant in the red plane.
        for (var qy = 0; qy < 2; qy++)
        {
            for (var qx = 0; qx < 2; qx++)
            {
                var value = output[(((qy * 16) + 8) * 32) + (qx * 16) + 8];
                var bright = value > Normalised(0.5f, 0);
                Assert.True(bright == (qx == brightColumn && qy == brightRow), $"quadrant ({qx},{qy}) bright={bright}");
            }
        }
    }

    [Fact]
    public void Writes_into_a_caller_buffer_and_checks_its_length()
    {
        using var image = TestImages.Gray8(20, 20, (_, _) => 255);
        var bytes = TestImages.Encode(image, new PngEncoder());
        var pipeline = Pipeline(16);
        var buffer = new float[pipeline.TensorLength + 3];

        pipeline.DecodeAndPreprocess(bytes, buffer.AsSpan(3, pipeline.TensorLength));

        Assert.Equal(0f, buffer[0]);
        Assert.Equal(Normalised(1f, 0), buffer[3]);
        Assert.Throws<ArgumentException>(() => pipeline.DecodeAndPreprocess(bytes, buffer));
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new ImagePipeline(new ImageLimits(), new PreprocessOptions { Size = 0 }));
        Assert.Throws<ArgumentException>(() => new ImagePipeline(new ImageLimits(), new PreprocessOptions { Std = [1f, 0f, 1f] }));
        Assert.Throws<ArgumentException>(() => new ImagePipeline(new ImageLimits { MaxPixels = 0 }, new PreprocessOptions()));
    }
}
