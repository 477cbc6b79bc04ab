using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// Deterministic grayscale JPEGs (gradient, a bright "bone" band, noise) that exercise the full decode/resize path.
/// They are load for benchmarks, not radiographs: `frac synth` makes realistic ones.
/// </summary>
public static class SyntheticImages
{
    public static IReadOnlyList<byte[]> Create(int count, int width, int height, int seed)
    {
        var images = new byte[count][];
        Parallel.For(0, count, i => images[i] = Encode(width, height, seed + i));
        return images;
    }

    private static byte[] Encode(int width, int height, int seed)
    {
        var random = new Random(seed);
        using var image = new Image<L8>(width, height);
        var bandCentre = random.Next(width / 4, 3 * width / 4);
        var bandWidth = random.Next(width / 10, width / 5);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = 40 + (60 * y / height) + random.Next(-12, 13);
                if (Math.Abs(x - bandCentre - ((y - (height / 2)) / 8)) < bandWidth)
                    value += 120;
                image[x, y] = new L8((byte)Math.Clamp(value, 0, 255));
            }
        }
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }
}
