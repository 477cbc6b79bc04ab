namespace FracCluster.Ml.Training;

/// <summary>
/// Random horizontal and vertical flips of a decoded NCHW batch, in place. A radiograph's label does not depend on
/// which way the limb points, so flips give a small from-scratch model four views of every film and keep it from
/// memorising the training images. Deterministic: the flips are a pure function of (seed, epoch, batch index), so a
/// resumed run repeats them exactly.
/// </summary>
public static class FlipAugmenter
{
    /// <summary>The flips of every image of batch <paramref name="batchIndex"/> in <paramref name="epoch"/>.</summary>
    public static (bool Horizontal, bool Vertical)[] Draw(int seed, int epoch, int batchIndex, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = AugmentationRandom.For(seed, epoch, batchIndex, salt: 0x5f1b);
        var flips = new (bool, bool)[count];
        for (var i = 0; i < count; i++)
            flips[i] = (random.Next(2) == 1, random.Next(2) == 1);
        return flips;
    }

    /// <summary>Flips the images of <paramref name="pixels"/> (count × channels × size × size) as drawn.</summary>
    public static void Apply(float[] pixels, int channels, int size, IReadOnlyList<(bool Horizontal, bool Vertical)> flips)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(flips);
        var plane = size * size;
        if (pixels.Length != flips.Count * channels * plane)
            throw new ArgumentException($"{pixels.Length} floats are not {flips.Count} images of {channels}×{size}×{size}.", nameof(pixels));
        for (var n = 0; n < flips.Count; n++)
        {
            var (horizontal, vertical) = flips[n];
            for (var c = 0; c < channels; c++)
            {
                var image = pixels.AsSpan(((n * channels) + c) * plane, plane);
                if (horizontal)
                {
                    for (var y = 0; y < size; y++)
                        image.Slice(y * size, size).Reverse();
                }

                if (vertical)
                {
                    for (var y = 0; y < size / 2; y++)
                    {
                        var top = image.Slice(y * size, size);
                        var bottom = image.Slice((size - 1 - y) * size, size);
                        for (var x = 0; x < size; x++)
                            (top[x], bottom[x]) = (bottom[x], top[x]);
                    }
                }
            }
        }
    }
}
