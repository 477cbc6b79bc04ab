using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Ml.Tests.Inference;

/// <summary>Small encoded images made in memory, different per seed so their predictions differ.</summary>
internal static class TestImages
{
    public static byte[] Png(int seed, int width = 40, int height = 32)
    {
        using var image = new Image<L8>(width, height);
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = new L8((byte)((x * seed * 7 + y * 13 + random.Next(64)) % 256));
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static ReadOnlyMemory<byte>[] Many(int count, int firstSeed = 1) =>
        Enumerable.Range(firstSeed, count).Select(s => (ReadOnlyMemory<byte>)Png(s)).ToArray();

    /// <summary>Bytes that are no image format at all.</summary>
    public static byte[] Garbage() => "this is a text file, not an X-ray"u8.ToArray();

    /// <summary>A PNG cut off in the middle of its pixel data.</summary>
    public static byte[] Truncated() => Png(99, 64, 64)[..60];
}
