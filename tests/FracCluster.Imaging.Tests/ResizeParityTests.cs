using FracCluster.Imaging.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FracCluster.Imaging.Tests;

/// <summary>
/// ImageSharp's resize against PIL 9.4 (what torchvision.transforms.Resize runs on PIL images). References come from
/// Fixtures/make_pil_resize_fixtures.py; the source pattern is recomputed here from the same formula.
/// </summary>
public sealed class ResizeParityTests
{
    private static Image<Rgb24> Pattern(int width, int height) =>
        TestImages.Rgb(width, height, (x, y) =>
        {
            byte Channel(int c) => (byte)(((x * 7) + (y * 13) + (c * 50) + ((x * y % 17) * 5) + ((((x / 4) + (y / 3)) % 2) * 60)) % 256);
            return new Rgb24(Channel(0), Channel(1), Channel(2));
        });

    private static int MaxDifference(ResizeInterpolation interpolation, string name, int sourceWidth, int sourceHeight)
    {
        using var image = Pattern(sourceWidth, sourceHeight);
        image.Mutate(x => x.Resize(new ResizeOptions
        {
            Size = new Size(32, 32),
            Mode = ResizeMode.Stretch,
            Sampler = Resamplers.For(interpolation),
        }));
        var actual = new byte[32 * 32 * 3];
        image.CopyPixelDataTo(actual);
        var expected = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", $"pil-{name}-{sourceWidth}x{sourceHeight}-to-32x32.bin"));
        return actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
    }

    [Theory]
    [InlineData(97, 61)] // shrinking: PIL widens the tent filter (antialias); so must we
    [InlineData(20, 15)] // enlarging
    public void Bilinear_resize_matches_pil(int sourceWidth, int sourceHeight) =>
        Assert.True(MaxDifference(ResizeInterpolation.Bilinear, "bilinear", sourceWidth, sourceHeight) <= 1);

    [Fact]
    public void Bicubic_shrink_matches_pil() =>
        Assert.True(MaxDifference(ResizeInterpolation.Bicubic, "bicubic", 97, 61) <= 1);
}
