using System.Diagnostics;
using System.Globalization;
using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using FracCluster.Ml.Reporting;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;

namespace FracCluster.Cli.Demo;

/// <summary>
/// The demo's model when none is given: a seeded synthetic FracAtlas-layout dataset, the data layer's stratified
/// 80/10/10 split manifest, and the training core's fine-tune of a small random-init EfficientNet, best epoch by
/// validation accuracy, tested on the held-out split, written as a run folder (report.md, plots) and a checkpoint.
/// </summary>
public sealed class DemoTrainer(DemoModelOptions options, ILoggerFactory loggerFactory)
{
    /// <summary>Renders (or reuses) the synthetic dataset and splits it 80/10/10, stratified by class, seeded.</summary>
    public async Task<DemoDataset> PrepareDataAsync(string dataDirectory, IProgress<int>? synthesisProgress, CancellationToken cancellationToken)
    {
        options.Validate();
        var synthesis = Stopwatch.StartNew();
        var (datasetDir, reused) = await EnsureDatasetAsync(dataDirectory, synthesisProgress, cancellationToken);
        synthesis.Stop();
        var source = await CliData.OpenAsync(datasetDir, null, cancellationToken);
        var hashed = await DatasetHashing.HashAsync(source, null, Environment.ProcessorCount, null, cancellationToken);
        var manifest = SplitManifest.Create(hashed, source.ClassNames, options.Seed, SplitRatios.Default);
        manifest.EnsureNoLeak();
        return new DemoDataset { Directory = datasetDir, Reused = reused, Source = source, Manifest = manifest, SynthesisTime = synthesis.Elapsed };
    }

    /// <summary>Fine-tunes the demo model on the dataset's train split; the run folder goes under <paramref name="dataDirectory"/>/runs.</summary>
    public async Task<DemoTrainingOutcome> TrainAsync(DemoDataset dataset, string dataDirectory, ITrainingObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var (source, manifest, datasetDir) = (dataset.Source, dataset.Manifest, dataset.Directory);
        var runDir = Path.Combine(Path.GetFullPath(dataDirectory), "runs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(runDir);
        await manifest.SaveToDirectoryAsync(runDir, cancellationToken);

        var positive = dataset.PositiveClass;
        var config = options.ModelConfig;
        var preprocess = PreprocessOptions.ImageNet(options.Size);
        var trainingOptions = new TrainingOptions
        {
            Mode = TrainingMode.FineTune,
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            LearningRateSchedule = options.Schedule,
            Seed = options.Seed,
            ClassWeightedLoss = options.ClassWeightedLoss,
            FlipAugmentation = options.FlipAugmentation,
            ShiftAugmentationPixels = options.ShiftPixels,
            // The whole demo set at its low resolution fits (3,200 images at 96 px: 340 MiB), so images decode once.
            DecodedImageCacheMegabytes = 1024,
        };
        var data = new TrainingDataset(manifest.Entries, source.ClassNames, positive, source.ReadAsync);
        var run = new RunDescription
        {
            Name = $"demo {Path.GetFileName(runDir)}",
            Data = $"synthetic radiographs {datasetDir} ({manifest.Entries.Count} images, seed {options.Seed}; split manifest {manifest.Sha256[..12]})",
            Model = options.Describe(),
            ClassNames = source.ClassNames,
            PositiveClass = positive,
            Settings = trainingOptions.Describe(),
        };

        // The training core seeds its own shuffles and dropout; the initial weights are seeded here so a rerun with the same seed trains the same model.
        TorchSharp.torch.random.manual_seed(options.Seed);
        using var model = new EfficientNet(config);
        ZeroHead(model);
        var trainer = new Trainer(trainingOptions, loggerFactory.CreateLogger<Trainer>());
        var reporter = new RunReporter(runDir, run, observer);
        var training = Stopwatch.StartNew();
        var result = await trainer.RunAsync(model, data, preprocess, new FileBlobStore(runDir), null, reporter, cancellationToken);
        training.Stop();

        var checkpoint = Path.Combine(runDir, "best");
        var metadata = ModelCheckpoint.Save(model, ModelFactory.CreateMetadata(config, source.ClassNames, positive, preprocess) with
        {
            Training = trainingOptions.Describe().Append(new KeyValuePair<string, string>("bestEpoch", result.BestEpoch.ToString(CultureInfo.InvariantCulture))).ToDictionary(),
            SplitManifestSha256 = manifest.Sha256,
            Metrics = result.SummaryMetrics(),
            CreatedAt = DateTimeOffset.UtcNow,
        }, checkpoint);

        return new DemoTrainingOutcome
        {
            Checkpoint = checkpoint,
            ModelVersion = metadata.VersionLabel,
            RunDirectory = runDir,
            ReportPath = reporter.ReportPath,
            Result = result,
            TrainingTime = training.Elapsed,
        };
    }

    /// <summary>
    /// Starts the classifier at zero, so the first logits are 0 (loss ln 2) instead of torchvision's ±1/√2 uniform draw
    /// over hundreds of random features, which gives logits of several units, a loss near 3 and Adam steps that spend
    /// the short run undoing them (measured: train loss still above ln 2 after 8 epochs without this).
    /// </summary>
    private static void ZeroHead(EfficientNet model)
    {
        using var _ = TorchSharp.torch.no_grad();
        model.Classifier.weight!.zero_();
        model.Classifier.bias?.zero_();
    }

    /// <summary>The dataset is a pure function of (count, ratio, seed, fracture scale), so a finished one from an earlier run is reused.</summary>
    private async Task<(string Directory, bool Reused)> EnsureDatasetAsync(string dataDirectory, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"synth-{options.Images}-r{options.FracturedRatio:0.###}-s{options.Seed}-f{options.FractureScale:0.###}");
        var directory = Path.Combine(Path.GetFullPath(dataDirectory), "datasets", name);
        var complete = Path.Combine(directory, ".complete");
        if (File.Exists(complete))
            return (directory, true);
        await new SyntheticDatasetWriter().WriteAsync(directory, new SyntheticDatasetOptions
        {
            Count = options.Images,
            FracturedRatio = options.FracturedRatio,
            Seed = options.Seed,
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            Overwrite = true,
            Radiograph = new SyntheticRadiographOptions { FractureScale = options.FractureScale },
        }, progress, cancellationToken);
        // Written last: a dataset cut short by Ctrl-C is regenerated next time instead of trained on.
        await File.WriteAllTextAsync(complete, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return (directory, false);
    }
}
