using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Ml.Tests.Data;

/// <summary>Tiny distinct images for dataset tests: the seed decides the pixels, so equal seeds give byte-identical files.</summary>
internal static class TestImages
{
    public static byte[] Png(int seed, int width = 8, int height = 6) => Encode(seed, width, height, jpeg: false);

    public static byte[] Jpeg(int seed, int width = 8, int height = 6) => Encode(seed, width, height, jpeg: true);

    private static byte[] Encode(int seed, int width, int height, bool jpeg)
    {
        using var image = new Image<L8>(width, height);
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = new L8((byte)random.Next(256));
        }
        using var stream = new MemoryStream();
        if (jpeg)
            image.SaveAsJpeg(stream);
        else
            image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
