using FracCluster.Imaging;
using FracCluster.Ml.Data;
using FracCluster.Ml.Training;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Training;

public sealed class TrainerTests
{
    private static readonly PreprocessOptions Preprocess = PreprocessOptions.ImageNet(48);

    private static TrainingOptions Options(TrainingMode mode, int epochs, bool resume = false, bool flips = false, LearningRateSchedule schedule = LearningRateSchedule.Constant) => new()
    {
        Mode = mode,
        LearningRateSchedule = schedule,
        FlipAugmentation = flips,
        Epochs = epochs,
        Seed = 11,
        Resume = resume,
        DecodeParallelism = 2,
    };

    [Fact]
    public async Task Linear_probe_runs_the_backbone_once_per_image_and_never_during_epochs()
    {
        var data = SyntheticSet.Create(trainPerClass: 12, validationPerClass: 4, testPerClass: 4);
        using var folder = new TempFolder();
        var model = TinyClassifier.Create();
        var observer = new RecordingObserver(() => model.BackboneImages);

        var result = await new Trainer(Options(TrainingMode.LinearProbe, epochs: 5)).RunAsync(
            model, data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("run")), new FileBlobStore(folder.Sub("cache")), observer);

        Assert.Equal(data.Entries.Count, model.BackboneImages);
        Assert.Equal(Enumerable.Repeat((long)data.Entries.Count, 5), observer.BackboneImagesAfterEpoch);
        Assert.Equal(data.Entries.Count, result.FeaturesComputed);
        Assert.Equal(5, result.History.Count);
        Assert.All(model.Backbone.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public async Task Linear_probe_reuses_cached_features_in_a_later_run()
    {
        var data = SyntheticSet.Create(trainPerClass: 6, validationPerClass: 3, testPerClass: 3);
        using var folder = new TempFolder();
        var cache = new FileBlobStore(folder.Sub("cache"));
        await new Trainer(Options(TrainingMode.LinearProbe, epochs: 1)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("a")), cache);

        var model = TinyClassifier.Create();
        var result = await new Trainer(Options(TrainingMode.LinearProbe, epochs: 1)).RunAsync(model, data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("b")), cache);

        Assert.Equal(0, model.BackboneImages);
        Assert.Equal(data.Entries.Count, result.FeatureCacheHits);
    }

    [Fact]
    public async Task Fine_tuning_a_small_model_learns_the_synthetic_set()
    {
        var data = SyntheticSet.Create(trainPerClass: 32, validationPerClass: 10, testPerClass: 10);
        using var folder = new TempFolder();

        var result = await new Trainer(Options(TrainingMode.FineTune, epochs: 6)).RunAsync(
            TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Path), null);

        Assert.True(result.Validation.Metrics.RocAuc >= 0.9, $"validation ROC-AUC {result.Validation.Metrics.RocAuc}");
        Assert.True(result.Test.Metrics.RocAuc >= 0.9, $"test ROC-AUC {result.Test.Metrics.RocAuc}");
        Assert.Equal(result.History.Max(h => h.Validation.Accuracy), result.History[result.BestEpoch - 1].Validation.Accuracy);
    }

    [Theory]
    [InlineData(TrainingMode.LinearProbe)]
    [InlineData(TrainingMode.FineTune)]
    public async Task Resuming_after_an_interruption_ends_like_an_uninterrupted_run(TrainingMode mode)
    {
        var data = SyntheticSet.Create(trainPerClass: 10, validationPerClass: 4, testPerClass: 4);
        using var folder = new TempFolder();
        var whole = await new Trainer(Options(mode, epochs: 4)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("whole")), null);

        var runStore = new FileBlobStore(folder.Sub("interrupted"));
        using var cts = new CancellationTokenSource();
        var interrupted = new RecordingObserver(cancelAfterEpoch: 2, cancellation: cts);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new Trainer(Options(mode, epochs: 4)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, runStore, null, interrupted, cts.Token));
        Assert.Equal(2, interrupted.Epochs.Count);

        var resumed = await new Trainer(Options(mode, epochs: 4, resume: true)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, runStore, null);

        Assert.Equal(2, resumed.EpochsRun);
        AssertSameRun(whole, resumed);
        // Only the last epoch's and the best epoch's files are kept.
        var kept = await runStore.ListAsync("state/epoch-").Select(k => k.Split('/')[1]).Distinct().ToListAsync();
        Assert.Equal(new[] { TrainingStateStore.EpochPrefix(resumed.BestEpoch), TrainingStateStore.EpochPrefix(4) }.Distinct().Order(), kept.Order());
    }

    [Fact]
    public async Task A_cosine_schedule_resumes_like_an_uninterrupted_run_and_trains_differently_from_a_constant_rate()
    {
        var data = SyntheticSet.Create(trainPerClass: 10, validationPerClass: 4, testPerClass: 4);
        using var folder = new TempFolder();
        var cosine = Options(TrainingMode.FineTune, epochs: 4, schedule: LearningRateSchedule.Cosine);
        var whole = await new Trainer(cosine).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("whole")), null);
        var constant = await new Trainer(Options(TrainingMode.FineTune, epochs: 4)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("constant")), null);

        var runStore = new FileBlobStore(folder.Sub("interrupted"));
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new Trainer(cosine).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, runStore, null, new RecordingObserver(cancelAfterEpoch: 2, cancellation: cts), cts.Token));
        var resumed = await new Trainer(cosine with { Resume = true }).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, runStore, null);

        AssertSameRun(whole, resumed);
        // Epoch 1 runs at the base rate under both schedules; from epoch 2 the cosine rate is lower.
        Assert.Equal(constant.History[0].TrainLoss, whole.History[0].TrainLoss, 6);
        Assert.NotEqual(constant.History[1].TrainLoss, whole.History[1].TrainLoss);
        // A run's saved state cannot be resumed under another schedule.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new Trainer(Options(TrainingMode.FineTune, epochs: 4, resume: true)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, runStore, null));
        // Nor with another length: the cosine curve depends on it, so the trained epochs would not match the rest.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new Trainer(cosine with { Epochs = 6, Resume = true }).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, runStore, null));
    }

    [Fact]
    public async Task A_shift_of_half_the_image_or_more_is_refused_before_training()
    {
        var data = SyntheticSet.Create(trainPerClass: 2, validationPerClass: 1, testPerClass: 1);
        using var folder = new TempFolder();

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            new Trainer(Options(TrainingMode.FineTune, epochs: 1) with { ShiftAugmentationPixels = 24 }).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Path), null));
        Assert.Contains("48 px", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData(1, 0.002)]
    [InlineData(3, 0.001)]
    [InlineData(4, 0.00029289321881345245)]
    public void The_cosine_rate_falls_from_the_base_rate_towards_zero(int epoch, double expected)
    {
        var options = new TrainingOptions { Epochs = 4, LearningRate = 0.002, LearningRateSchedule = LearningRateSchedule.Cosine };
        Assert.Equal(expected, options.LearningRateAt(epoch), 12);
        Assert.Equal(0.002, (options with { LearningRateSchedule = LearningRateSchedule.Constant }).LearningRateAt(epoch), 12);
    }

    [Fact]
    public async Task Same_seed_and_data_give_the_same_metrics()
    {
        var data = SyntheticSet.Create(trainPerClass: 8, validationPerClass: 4, testPerClass: 4);
        using var folder = new TempFolder();
        var first = await new Trainer(Options(TrainingMode.FineTune, epochs: 2)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("1")), null);
        var second = await new Trainer(Options(TrainingMode.FineTune, epochs: 2)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("2")), null);

        AssertSameRun(first, second);
    }

    [Fact]
    public async Task Flip_augmentation_repeats_with_the_same_seed_and_changes_the_training()
    {
        var data = SyntheticSet.Create(trainPerClass: 8, validationPerClass: 4, testPerClass: 4);
        using var folder = new TempFolder();
        var first = await new Trainer(Options(TrainingMode.FineTune, epochs: 2, flips: true)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("1")), null);
        var second = await new Trainer(Options(TrainingMode.FineTune, epochs: 2, flips: true)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("2")), null);
        var plain = await new Trainer(Options(TrainingMode.FineTune, epochs: 2)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Sub("3")), null);

        AssertSameRun(first, second);
        Assert.NotEqual(plain.History[0].TrainLoss, first.History[0].TrainLoss);
    }

    [Fact]
    public async Task A_saved_run_is_not_overwritten_without_resume()
    {
        var data = SyntheticSet.Create(trainPerClass: 4, validationPerClass: 2, testPerClass: 2);
        using var folder = new TempFolder();
        var store = new FileBlobStore(folder.Path);
        await new Trainer(Options(TrainingMode.LinearProbe, epochs: 1)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, store, null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new Trainer(Options(TrainingMode.LinearProbe, epochs: 1)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, store, null));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TrainingMode.LinearProbe)]
    [InlineData(TrainingMode.FineTune)]
    public async Task Unreadable_images_are_skipped_with_their_reason(TrainingMode mode)
    {
        var data = SyntheticSet.Create(trainPerClass: 6, validationPerClass: 3, testPerClass: 3);
        var good = SyntheticSet.Render(48, true, new Random(5));
        data.Add("train/fractured/truncated.png", "fractured", SplitName.Train, good[..(good.Length / 3)]);
        data.Add("train/fractured/notes.png", "fractured", SplitName.Train, "not an image at all"u8.ToArray());
        data.Add("train/non_fractured/empty.png", "non_fractured", SplitName.Train, []);
        var dataset = data.ToDataset();
        var missing = new ManifestEntry("test/fractured/missing.png", new string('0', 64), "fractured", SplitName.Test);
        dataset = new TrainingDataset([.. dataset.Entries, missing], dataset.ClassNames, dataset.PositiveClass, dataset.ReadAsync);
        using var folder = new TempFolder();

        var result = await new Trainer(Options(mode, epochs: 1)).RunAsync(TinyClassifier.Create(), dataset, Preprocess, new FileBlobStore(folder.Path), null);

        var reasons = result.Skipped.ToDictionary(s => s.Path, s => s.Reason);
        Assert.Equal(4, reasons.Count);
        Assert.Equal("Empty", reasons["train/non_fractured/empty.png"]);
        Assert.Equal("Unreadable", reasons["test/fractured/missing.png"]);
        Assert.Contains(reasons["train/fractured/notes.png"], new[] { "NotAnImage", "UnsupportedFormat", "Corrupt" });
        Assert.Contains(reasons["train/fractured/truncated.png"], new[] { "Truncated", "Corrupt" });
        Assert.Equal(data.Entries.Count(e => e.Split == SplitName.Test), result.Test.Predictions.Count);
    }

    [Fact]
    public async Task A_class_without_usable_training_images_is_a_clear_error()
    {
        var data = SyntheticSet.Create(trainPerClass: 4, validationPerClass: 2, testPerClass: 2);
        data.Remove(e => e.Split == SplitName.Train && e.Label == "fractured");
        data.Add("train/fractured/broken.png", "fractured", SplitName.Train, [0x89, 0x50, 0x4E, 0x47]);
        using var folder = new TempFolder();

        var ex = await Assert.ThrowsAsync<TrainingDataException>(() =>
            new Trainer(Options(TrainingMode.LinearProbe, epochs: 1)).RunAsync(TinyClassifier.Create(), data.ToDataset(), Preprocess, new FileBlobStore(folder.Path), null));

        Assert.Contains("'fractured'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("train split", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSameRun(TrainingResult expected, TrainingResult actual)
    {
        Assert.Equal(expected.History.Count, actual.History.Count);
        for (var i = 0; i < expected.History.Count; i++)
        {
            Assert.Equal(expected.History[i].TrainLoss, actual.History[i].TrainLoss, 1e-6);
            Assert.Equal(expected.History[i].ValidationLoss, actual.History[i].ValidationLoss, 1e-6);
            Assert.Equal(expected.History[i].Validation.Accuracy, actual.History[i].Validation.Accuracy, 1e-6);
            Assert.Equal(expected.History[i].Validation.RocAuc, actual.History[i].Validation.RocAuc, 1e-6);
        }
        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        Assert.Equal(expected.Test.Loss, actual.Test.Loss, 1e-6);
        Assert.Equal(expected.Test.Metrics.RocAuc, actual.Test.Metrics.RocAuc, 1e-6);
        Assert.Equal(
            expected.Test.Predictions.Select(p => p.PositiveProbability),
            actual.Test.Predictions.Select(p => p.PositiveProbability),
            new ToleranceComparer(1e-6));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
