using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Synthetic;

/// <summary>A rendered grayscale radiograph and its description. Owns the image.</summary>
public sealed class SyntheticRadiograph : IDisposable
{
    internal SyntheticRadiograph(Image<L8> image, SyntheticRadiographInfo info)
    {
        Image = image;
        Info = info;
    }

    public Image<L8> Image { get; }

    public SyntheticRadiographInfo Info { get; }

    /// <summary>Single-channel baseline JPEG; the encoder is deterministic, so equal images give equal bytes.</summary>
    public byte[] EncodeJpeg(int quality)
    {
        using var stream = new MemoryStream();
        Image.Save(stream, new JpegEncoder { Quality = quality, ColorType = JpegColorType.Luminance });
        return stream.ToArray();
    }

    public void Dispose() => Image.Dispose();
}
