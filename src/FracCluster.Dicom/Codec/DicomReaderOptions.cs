using FracCluster.Imaging;

namespace FracCluster.Dicom.Codec;

/// <summary>Limits of the reader and the pixel pipeline: the image limits every intake shares, plus DICOM's own.</summary>
public sealed class DicomReaderOptions
{
    /// <summary>Bytes of a file (and of a deflated data set once inflated) and pixels of a frame: the same limits as JPEG/PNG intake.</summary>
    public ImageLimits Limits { get; set; } = new();

    /// <summary>
    /// Deepest nesting of sequences accepted. Real objects stay under 10 (SR content trees included); the limit is what
    /// keeps a hostile file of a thousand nested sequences from recursing the reader off its stack.
    /// </summary>
    public int MaxSequenceDepth { get; set; } = 64;

    /// <summary>Bytes one decoded frame may take before it is allocated (samples × bytes per sample × pixels).</summary>
    public long MaxFrameBytes { get; set; } = 512L * 1024 * 1024;

    public void Validate()
    {
        if (Limits is null || Limits.MaxBytes <= 0 || Limits.MaxPixels <= 0)
            throw new ArgumentException("DICOM reader limits must be positive.");
        if (MaxSequenceDepth is < 1 or > 256)
            throw new ArgumentException($"MaxSequenceDepth {MaxSequenceDepth} is outside 1…256.");
        if (MaxFrameBytes <= 0)
            throw new ArgumentException("MaxFrameBytes must be positive.");
    }
}
