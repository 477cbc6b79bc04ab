using FracCluster.Imaging.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Cluster.Tests.Web;

/// <summary>
/// Synthetic radiographs for the browser tests, so the screenshots show X-ray-like images. The fake classifier's
/// probability is the image's top-left grey level, so each image gets a grey marker block there (like the side
/// markers of real radiographs) that sets its P(fractured).
/// </summary>
public static class Radiographs
{
    private static readonly SyntheticRadiographGenerator Generator = new(new SyntheticRadiographOptions { MinSize = 320, MaxSize = 420 });

    public static byte[] Png(int seed, byte marker)
    {
        using var radiograph = Generator.Generate(seed, fractured: marker >= 128);
        var image = radiograph.Image;
        for (var y = 0; y < image.Height / 3; y++)
        {
            for (var x = 0; x < image.Width / 3; x++)
                image[x, y] = new L8(marker);
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
