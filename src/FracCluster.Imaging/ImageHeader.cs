namespace FracCluster.Imaging;

/// <summary>What an image's headers say, read without decoding its pixels.</summary>
/// <param name="BitsPerChannel">8 or 16: the precision the pipeline decodes at (16 for 16-bit PNG and TIFF).</param>
public sealed record ImageHeader(ImageFileFormat Format, int Width, int Height, bool Grayscale, int BitsPerChannel)
{
    public long PixelCount => (long)Width * Height;
}
