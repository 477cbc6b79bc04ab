namespace FracCluster.Imaging.Decoding;

/// <summary>The first IFD's colour layout, which ImageSharp 2.1's Identify does not expose.</summary>
internal readonly record struct TiffLayout(int Photometric, int BitsPerSample, int SamplesPerPixel)
{
    /// <summary>WhiteIsZero (0) or BlackIsZero (1).</summary>
    public bool IsGrayscale => Photometric is 0 or 1;
}
