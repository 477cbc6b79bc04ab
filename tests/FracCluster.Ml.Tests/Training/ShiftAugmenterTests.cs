using FracCluster.Ml.Training;

namespace FracCluster.Ml.Tests.Training;

public sealed class ShiftAugmenterTests
{
    [Fact]
    public void The_shifts_are_a_pure_function_of_seed_epoch_and_batch_and_stay_within_the_bound()
    {
        var a = ShiftAugmenter.Draw(seed: 3, epoch: 2, batchIndex: 5, count: 200, maxShift: 4);
        var b = ShiftAugmenter.Draw(seed: 3, epoch: 2, batchIndex: 5, count: 200, maxShift: 4);
        var otherEpoch = ShiftAugmenter.Draw(seed: 3, epoch: 3, batchIndex: 5, count: 200, maxShift: 4);

        Assert.Equal(a, b);
        Assert.NotEqual(a, otherEpoch);
        Assert.All(a, s => Assert.InRange(s.Dx, -4, 4));
        Assert.All(a, s => Assert.InRange(s.Dy, -4, 4));
        Assert.Contains(a, s => s.Dx == 4);
        Assert.Contains(a, s => s.Dy == -4);
    }

    [Fact]
    public void A_shift_moves_every_channel_of_its_image_and_repeats_the_edge_into_the_gap()
    {
        const int size = 4;
        // Two images of two channels, every value distinct so a moved pixel can be traced.
        var pixels = new float[2 * 2 * size * size];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = i;
        var original = pixels.ToArray();

        ShiftAugmenter.Apply(pixels, channels: 2, size, [(1, 0), (0, 0)]);

        for (var c = 0; c < 2; c++)
        {
            var plane = c * size * size;
            for (var y = 0; y < size; y++)
            {
                // Right by one: column 0 repeats the old column 0, column x takes the old column x − 1.
                Assert.Equal(original[plane + (y * size)], pixels[plane + (y * size)]);
                for (var x = 1; x < size; x++)
                    Assert.Equal(original[plane + (y * size) + x - 1], pixels[plane + (y * size) + x]);
            }
        }
        // The second image had no shift.
        Assert.Equal(original.AsSpan(2 * size * size).ToArray(), pixels.AsSpan(2 * size * size).ToArray());
    }

    [Fact]
    public void A_downward_shift_takes_rows_from_above()
    {
        const int size = 3;
        var pixels = Enumerable.Range(0, size * size).Select(i => (float)i).ToArray();

        ShiftAugmenter.Apply(pixels, channels: 1, size, [(0, 2)]);

        Assert.Equal(new float[] { 0, 1, 2, 0, 1, 2, 0, 1, 2 }, pixels);
    }

    [Fact]
    public void Shifts_are_refused_for_the_linear_probe_and_a_wrong_buffer_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TrainingOptions { ShiftAugmentationPixels = 4 }.Validate());
        Assert.Throws<ArgumentException>(() => ShiftAugmenter.Apply(new float[10], channels: 3, size: 4, [(1, 1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShiftAugmenter.Apply(new float[3 * 16], channels: 3, size: 4, [(4, 0)]));
        new TrainingOptions { Mode = TrainingMode.FineTune, ShiftAugmentationPixels = 4 }.Validate();
    }
}
