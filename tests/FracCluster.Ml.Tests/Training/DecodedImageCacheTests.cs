using FracCluster.Imaging;
using FracCluster.Ml.Data;
using FracCluster.Ml.Training;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Training;

public sealed class DecodedImageCacheTests
{
    private static readonly PreprocessOptions Preprocess = PreprocessOptions.ImageNet(48);

    [Fact]
    public async Task Cached_images_are_not_read_again_and_come_back_as_a_copy_with_the_same_pixels()
    {
        var data = SyntheticSet.Create(trainPerClass: 4, validationPerClass: 0, testPerClass: 0);
        var decoder = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), Preprocess), data.ReadAsync, 2, cacheBudgetBytes: 64L << 20);

        var first = await decoder.DecodeAsync(data.Entries, CancellationToken.None);
        var expected = first.Pixels.ToArray();
        // A caller changing its batch in place (flip augmentation does) must not change what the cache holds.
        Array.Fill(first.Pixels, 0f);
        var second = await decoder.DecodeAsync(data.Entries, CancellationToken.None);

        Assert.Equal(8, decoder.CachedImages);
        Assert.All(data.Reads.Values, reads => Assert.Equal(1, reads));
        Assert.Equal(expected, second.Pixels);
    }

    [Fact]
    public async Task The_cache_stops_growing_at_its_budget_and_is_off_by_default()
    {
        var data = SyntheticSet.Create(trainPerClass: 4, validationPerClass: 0, testPerClass: 0);
        var imageBytes = 3L * 48 * 48 * sizeof(float);
        var bounded = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), Preprocess), data.ReadAsync, 2, cacheBudgetBytes: 3 * imageBytes);
        var off = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), Preprocess), data.ReadAsync, 2);

        await bounded.DecodeAsync(data.Entries, CancellationToken.None);
        await bounded.DecodeAsync(data.Entries, CancellationToken.None);
        await off.DecodeAsync(data.Entries, CancellationToken.None);

        Assert.Equal(3, bounded.CachedImages);
        Assert.Equal(0, off.CachedImages);
        // bounded: 8 reads, then 5 uncached again; off: 8.
        Assert.Equal(8 + 5 + 8, data.Reads.Values.Sum());
    }

    [Fact]
    public async Task Fine_tuning_with_the_cache_reads_each_image_once_and_trains_exactly_as_without_it()
    {
        var withCache = SyntheticSet.Create(trainPerClass: 8, validationPerClass: 4, testPerClass: 4);
        var without = SyntheticSet.Create(trainPerClass: 8, validationPerClass: 4, testPerClass: 4);
        using var folder = new TempFolder();
        var options = new TrainingOptions { Mode = TrainingMode.FineTune, Epochs = 3, Seed = 5, DecodeParallelism = 2, FlipAugmentation = true };

        var cached = await new Trainer(options with { DecodedImageCacheMegabytes = 64 }).RunAsync(TinyClassifier.Create(), withCache.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("cached")), null);
        var plain = await new Trainer(options).RunAsync(TinyClassifier.Create(), without.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("plain")), null);

        Assert.Equal(plain.History.Select(h => h.TrainLoss), cached.History.Select(h => h.TrainLoss));
        Assert.Equal(plain.Test.Metrics.RocAuc, cached.Test.Metrics.RocAuc);
        // The preflight check decodes every image once and fills the cache; epochs, validation and test read nothing more.
        Assert.Equal(withCache.Entries.Count, withCache.Reads.Count);
        Assert.All(withCache.Reads.Values, reads => Assert.Equal(1, reads));
        Assert.True(without.Reads.Values.Min() > 1);
    }
}
