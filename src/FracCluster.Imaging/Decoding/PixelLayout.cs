namespace FracCluster.Imaging.Decoding;

/// <summary>The pixel type an image is decoded to.</summary>
internal enum PixelLayout
{
    /// <summary>Any 8-bit source, grey or colour, as Rgb24: ImageSharp 2.1's fastest path (faster than L8 for grey).</summary>
    Rgb8,

    /// <summary>16-bit grayscale decoded as L16 and mapped to float at full precision (0…65535 → 0…1), never clipped.</summary>
    Gray16,
    Rgb16,
}
