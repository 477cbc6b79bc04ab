namespace FracCluster.Dicom.Pixels;

/// <summary>
/// One frame's samples as stored (before Bits Stored masking, rescale or VOI), one full-resolution plane per sample:
/// Y/R, Cb/G, Cr/B. Chroma that was subsampled is already brought to full resolution.
/// </summary>
internal sealed record DecodedFrame(int Width, int Height, ushort[][] Planes);
