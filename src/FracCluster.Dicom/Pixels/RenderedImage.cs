namespace FracCluster.Dicom.Pixels;

/// <summary>
/// A frame rendered for display: 8 bits per sample, row-major, one byte per pixel when <see cref="Grayscale"/>,
/// else R, G, B. <see cref="FrameCount"/> > 1 says the image had more frames and only the first was rendered.
/// </summary>
public sealed record RenderedImage(int Width, int Height, bool Grayscale, byte[] Pixels, int FrameCount, string VoiSource)
{
    public bool IsMultiFrame => FrameCount > 1;
}
