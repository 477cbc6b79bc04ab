namespace FracCluster.Ml.Training;

/// <summary>
/// Random translations of a decoded NCHW batch by up to a few pixels each way, in place, edges repeated into the gap.
/// A break means the same wherever it lies on the film; shifted copies keep a small from-scratch model from learning
/// where things sit on its few thousand training images. Deterministic like <see cref="FlipAugmenter"/>: a pure
/// function of (seed, epoch, batch index), so a resumed run repeats it exactly.
/// </summary>
public static class ShiftAugmenter
{
    /// <summary>The shift (dx, dy), each in [−max, max], of every image of batch <paramref name="batchIndex"/> in <paramref name="epoch"/>.</summary>
    public static (int Dx, int Dy)[] Draw(int seed, int epoch, int batchIndex, int count, int maxShift)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        var random = AugmentationRandom.For(seed, epoch, batchIndex, salt: 0x2c47a3);
        var shifts = new (int, int)[count];
        for (var i = 0; i < count; i++)
            shifts[i] = (random.Next(-maxShift, maxShift + 1), random.Next(-maxShift, maxShift + 1));
        return shifts;
    }

    /// <summary>Moves every image of <paramref name="pixels"/> (count × channels × size × size) by its drawn shift.</summary>
    public static void Apply(float[] pixels, int channels, int size, IReadOnlyList<(int Dx, int Dy)> shifts)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(shifts);
        var plane = size * size;
        if (pixels.Length != shifts.Count * channels * plane)
            throw new ArgumentException($"{pixels.Length} floats are not {shifts.Count} images of {channels}×{size}×{size}.", nameof(pixels));
        var source = new float[plane];
        for (var n = 0; n < shifts.Count; n++)
        {
            var (dx, dy) = shifts[n];
            if (dx == 0 && dy == 0)
                continue;
            if (Math.Abs(dx) >= size || Math.Abs(dy) >= size)
                throw new ArgumentOutOfRangeException(nameof(shifts), $"A shift of ({dx}, {dy}) moves a {size} px image out of its frame.");
            for (var c = 0; c < channels; c++)
            {
                var image = pixels.AsSpan(((n * channels) + c) * plane, plane);
                image.CopyTo(source);
                for (var y = 0; y < size; y++)
                {
                    var from = Math.Clamp(y - dy, 0, size - 1) * size;
                    var row = image.Slice(y * size, size);
                    for (var x = 0; x < size; x++)
                        row[x] = source[from + Math.Clamp(x - dx, 0, size - 1)];
                }
            }
        }
    }
}
