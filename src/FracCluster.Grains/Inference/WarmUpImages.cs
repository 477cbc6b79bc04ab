using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Grains.Inference;

/// <summary>A small synthetic image, encoded once, used to run a full warm-up batch through a freshly loaded model.</summary>
public static class WarmUpImages
{
    private static readonly Lazy<byte[]> Png = new(Encode);

    public static IReadOnlyList<ReadOnlyMemory<byte>> Batch(int size) =>
        Enumerable.Repeat<ReadOnlyMemory<byte>>(Png.Value, size).ToList();

    private static byte[] Encode()
    {
        using var image = new Image<L8>(64, 64);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
                image[x, y] = new L8((byte)((x * 3) + (y * 2)));
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
