using FracCluster.Ml.Data;

namespace FracCluster.Ml.Training;

/// <summary>Images of one batch that decoded, as one NCHW float buffer, and those that did not.</summary>
public sealed class DecodedBatch
{
    public DecodedBatch(IReadOnlyList<ManifestEntry> items, float[] pixels, int imageSize, IReadOnlyList<SkippedImage> skipped)
    {
        Items = items;
        Pixels = pixels;
        ImageSize = imageSize;
        Skipped = skipped;
    }

    /// <summary>The decoded images, in the order of the request minus the skipped ones.</summary>
    public IReadOnlyList<ManifestEntry> Items { get; }

    /// <summary>Items.Count × 3 × ImageSize × ImageSize normalised floats.</summary>
    public float[] Pixels { get; }

    public int ImageSize { get; }

    public IReadOnlyList<SkippedImage> Skipped { get; }

    public long[] Shape => [Items.Count, 3, ImageSize, ImageSize];
}
