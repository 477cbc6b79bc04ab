using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>Small gray PNGs with a gradient, distinct per seed.</summary>
public static class TestImages
{
    public static byte[] Png(int seed)
    {
        using var image = new Image<L8>(48, 48);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
                image[x, y] = new L8((byte)((x * 5 + y * 3 + seed * 17) % 256));
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static string WriteFolder(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
            File.WriteAllBytes(Path.Combine(folder, $"scan-{i:D3}.png"), Png(i));
        return folder;
    }
}
