namespace FracCluster.Imaging.Decoding;

/// <summary>The pixel type an image is decoded to: the narrowest that loses nothing the model could see.</summary>
internal enum PixelLayout
{
    /// <summary>8-bit grayscale decoded as L8: a third of the memory and conversion work of RGB.</summary>
    Gray8,

    /// <summary>16-bit grayscale decoded as L16 and mapped to float at full precision (0…65535 → 0…1), never clipped.</summary>
    Gray16,
    Rgb8,
    Rgb16,
}
