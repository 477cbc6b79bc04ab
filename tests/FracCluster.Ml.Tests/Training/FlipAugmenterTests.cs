using FracCluster.Ml.Training;

namespace FracCluster.Ml.Tests.Training;

public sealed class FlipAugmenterTests
{
    [Fact]
    public void Augmentation_is_off_by_default()
    {
        var options = new TrainingOptions();
        Assert.False(options.FlipAugmentation);
        Assert.Equal("none", options.Describe()["augmentation"]);
    }

    [Fact]
    public void The_flips_are_a_pure_function_of_seed_epoch_and_batch()
    {
        Assert.Equal(FlipAugmenter.Draw(11, 3, 5, 64), FlipAugmenter.Draw(11, 3, 5, 64));
        Assert.NotEqual(FlipAugmenter.Draw(11, 3, 5, 64), FlipAugmenter.Draw(11, 4, 5, 64));
        Assert.NotEqual(FlipAugmenter.Draw(11, 3, 5, 64), FlipAugmenter.Draw(11, 3, 6, 64));
        Assert.NotEqual(FlipAugmenter.Draw(11, 3, 5, 64), FlipAugmenter.Draw(12, 3, 5, 64));

        // All four orientations occur, so the model sees every film every way round over the epochs.
        Assert.Equal(4, FlipAugmenter.Draw(11, 1, 0, 64).Distinct().Count());
    }

    [Fact]
    public void Flips_mirror_every_channel_of_the_chosen_images_only()
    {
        // Two 2-channel 3×3 images with distinct values: image 0 flipped both ways, image 1 left alone.
        var pixels = Enumerable.Range(0, 2 * 2 * 9).Select(i => (float)i).ToArray();
        var original = (float[])pixels.Clone();

        FlipAugmenter.Apply(pixels, channels: 2, size: 3, [(true, true), (false, false)]);

        for (var c = 0; c < 2; c++)
        {
            for (var y = 0; y < 3; y++)
            {
                for (var x = 0; x < 3; x++)
                    Assert.Equal(original[(c * 9) + ((2 - y) * 3) + (2 - x)], pixels[(c * 9) + (y * 3) + x]);
            }
        }

        Assert.Equal(original.AsSpan(18).ToArray(), pixels.AsSpan(18).ToArray());
    }

    [Fact]
    public void A_horizontal_flip_twice_is_the_identity_and_a_wrong_buffer_is_refused()
    {
        var pixels = Enumerable.Range(0, 3 * 4 * 4).Select(i => (float)i).ToArray();
        var original = (float[])pixels.Clone();
        FlipAugmenter.Apply(pixels, channels: 3, size: 4, [(true, false)]);
        Assert.NotEqual(original, pixels);
        Assert.Equal(new[] { 3f, 2f, 1f, 0f }, pixels.AsSpan(0, 4).ToArray());
        FlipAugmenter.Apply(pixels, channels: 3, size: 4, [(true, false)]);
        Assert.Equal(original, pixels);

        Assert.Throws<ArgumentException>(() => FlipAugmenter.Apply(new float[10], channels: 3, size: 4, [(true, false)]));
    }

    [Fact]
    public void Augmentation_is_refused_for_the_linear_probe()
    {
        Assert.Throws<ArgumentException>(() => new TrainingOptions { Mode = TrainingMode.LinearProbe, FlipAugmentation = true }.Validate());
        new TrainingOptions { Mode = TrainingMode.FineTune, FlipAugmentation = true }.Validate();
    }
}
