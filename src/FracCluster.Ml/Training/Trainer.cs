using System.Security.Cryptography;
using System.Text;
using FracCluster.Imaging;
using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using FracCluster.Ml.Torch;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>
/// The whole training method on one machine: check the data, (linear probe) extract and cache features once,
/// train epoch by epoch with the run's state saved after each, keep the best epoch by validation accuracy, then score
/// that best model on validation and test. Built from parts a cluster coordinator can also drive one by one
/// (<see cref="FeatureExtractor"/>, <see cref="TrainOnFeaturesAsync"/>, <see cref="ModelEvaluator"/>, <see cref="TrainingStateStore"/>).
/// </summary>
public sealed partial class Trainer
{
    private readonly TrainingOptions _options;
    private readonly ILogger _logger;

    public Trainer(TrainingOptions options, ILogger<Trainer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public TrainingOptions Options => _options;

    /// <summary>Trains <paramref name="model"/> in place; when this returns, the model holds the best epoch's weights.</summary>
    /// <param name="runStore">Where the run's resumable state goes (the run folder, or a blob container prefix).</param>
    /// <param name="featureStore">Where the linear probe's feature cache lives; null computes features without caching.</param>
    public async Task<TrainingResult> RunAsync(FeatureClassifier model, TrainingDataset data, PreprocessOptions preprocess, IBlobStore runStore, IBlobStore? featureStore, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(preprocess);
        ArgumentNullException.ThrowIfNull(runStore);
        observer ??= NullObserver.Instance;
        // Checked here, where the image size is known: a shift of half the image or more leaves mostly smeared edge pixels.
        if (_options.ShiftAugmentationPixels * 2 >= preprocess.Size)
            throw new ArgumentOutOfRangeException(nameof(preprocess), _options.ShiftAugmentationPixels,
                $"A shift of up to {_options.ShiftAugmentationPixels} px is half or more of the {preprocess.Size} px images; use less than {(preprocess.Size + 1) / 2}.");
        if (model.NumClasses != data.ClassNames.Count)
            throw new TrainingDataException($"The model has {model.NumClasses} outputs but the data has {data.ClassNames.Count} classes ({string.Join(", ", data.ClassNames)}).");
        var classes = new ClassLayout(data.ClassNames, data.PositiveClass);
        var splits = Enum.GetValues<SplitName>().ToDictionary(s => s, s => data.Split(s));
        RequireClasses(splits, classes, "");

        var device = TorchRuntime.ParseDevice(_options.Device);
        // Hashed once: the backbone's hash keys the feature cache, both identify the starting point of the run.
        var backboneHash = ModuleFingerprint.Sha256(model.Backbone);
        var runFingerprint = RunFingerprint(backboneHash + ModuleFingerprint.Sha256(model.Head), data, preprocess);
        var stateStore = new TrainingStateStore(runStore);
        var saved = await CheckSavedStateAsync(stateStore, runFingerprint, cancellationToken);

        model.to(device);
        // The linear probe decodes each image once, so only fine-tuning keeps decoded images.
        var cacheBytes = _options.Mode == TrainingMode.FineTune ? (long)_options.DecodedImageCacheMegabytes << 20 : 0;
        var decoder = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), preprocess), data.ReadAsync, _options.DecodeParallelism, cacheBytes);
        var progress = new Progress(observer);
        var skipped = new List<SkippedImage>();
        var cacheHits = 0;
        var computed = 0;
        var extractionSeconds = 0.0;
        ITrainingStrategy strategy;
        if (_options.Mode == TrainingMode.LinearProbe)
        {
            LinearProbeStrategy.Freeze(model);
            var cache = featureStore is null ? null : new FeatureCache(featureStore, backboneHash, preprocess.Fingerprint(), model.FeatureCount);
            var extractor = new FeatureExtractor(model, device, decoder, cache, _options.InferenceBatchSize, _logger);
            var extractionStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            var extracted = await extractor.ExtractAsync(data.Entries, progress, cancellationToken);
            extractionSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(extractionStarted).TotalSeconds;
            skipped.AddRange(extracted.Skipped);
            cacheHits = extracted.CacheHits;
            computed = extracted.Computed;
            var features = SplitFeatures(extracted.Features);
            RequireClasses(features.ToDictionary(kv => kv.Key, kv => kv.Value.Items), classes, "usable ");
            strategy = new LinearProbeStrategy(model, device, classes, features, _options);
        }
        else
        {
            var usable = await PreflightAsync(decoder, data.Entries, progress, skipped, cancellationToken);
            RequireClasses(usable, classes, "usable ");
            strategy = new FineTuneStrategy(model, device, classes, decoder, usable, _options);
        }
        foreach (var s in skipped)
            LogSkipped(_logger, s.Path, s.Reason, s.Message);
        using (strategy)
            return await TrainLoopAsync(strategy, classes, device, stateStore, saved, runFingerprint, skipped, cacheHits, computed, observer, cancellationToken) with { FeatureExtractionSeconds = extractionSeconds };
    }

    /// <summary>
    /// Linear probe from features computed elsewhere (e.g. shards extracted by several workers and joined with
    /// <see cref="FeatureSet.Concat"/>): the epochs, best-model choice, state and test of <see cref="RunAsync"/>.
    /// </summary>
    public async Task<TrainingResult> TrainOnFeaturesAsync(FeatureClassifier model, ClassLayout classes, IReadOnlyDictionary<SplitName, FeatureSet> features, IBlobStore runStore, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(features);
        if (_options.Mode != TrainingMode.LinearProbe)
            throw new InvalidOperationException("Training on cached features is the linear-probe mode.");
        var all = Enum.GetValues<SplitName>().ToDictionary(s => s, s => features.TryGetValue(s, out var f) ? f : new FeatureSet([], model.FeatureCount, []));
        RequireClasses(all.ToDictionary(kv => kv.Key, kv => kv.Value.Items), classes, "");
        var runFingerprint = RunFingerprint(
            FormattableString.Invariant($"{_options.Mode}|{_options.BatchSize}|{_options.LearningRate:R}|{_options.Seed}|{_options.ClassWeightedLoss}{ScheduleTag}"),
            preprocess: null, classes.ClassNames, classes.PositiveClass, all.Values.SelectMany(f => f.Items), ModuleFingerprint.Sha256(model));
        var stateStore = new TrainingStateStore(runStore);
        var saved = await CheckSavedStateAsync(stateStore, runFingerprint, cancellationToken);
        var device = TorchRuntime.ParseDevice(_options.Device);
        model.to(device);
        using var strategy = new LinearProbeStrategy(model, device, classes, all, _options);
        return await TrainLoopAsync(strategy, classes, device, stateStore, saved, runFingerprint, [], 0, 0, observer ?? NullObserver.Instance, cancellationToken);
    }

    private async Task<TrainingState?> CheckSavedStateAsync(TrainingStateStore stateStore, string runFingerprint, CancellationToken cancellationToken)
    {
        var saved = await stateStore.LoadAsync(cancellationToken);
        if (saved is not null && !_options.Resume)
            throw new InvalidOperationException("This run already has saved state: resume it (--resume) or choose a new output folder.");
        if (saved is not null && saved.RunFingerprint != runFingerprint)
            throw new InvalidOperationException("The saved state belongs to a run with other settings, data or starting weights; it cannot be resumed with these.");
        return saved;
    }

    private async Task<TrainingResult> TrainLoopAsync(ITrainingStrategy strategy, ClassLayout classes, Device device, TrainingStateStore stateStore, TrainingState? saved, string runFingerprint, List<SkippedImage> skipped, int cacheHits, int computed, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var progress = new Progress(observer);
        using var optimizer = optim.Adam(strategy.TrainableParameters, _options.LearningRate);
        using var classWeights = _options.ClassWeightedLoss ? ClassWeights(strategy.TrainLabels, classes).to(device) : null;
        var history = new List<EpochRecord>();
        var bestEpoch = 0;
        if (saved is not null)
        {
            LoadModule(strategy.Trainable, await stateStore.ReadWeightsAsync(saved.CompletedEpochs, cancellationToken));
            LoadOptimizer(optimizer, await stateStore.ReadOptimizerAsync(saved.CompletedEpochs, cancellationToken));
            history.AddRange(saved.History);
            bestEpoch = saved.BestEpoch;
            LogResumed(_logger, saved.CompletedEpochs, bestEpoch);
        }

        var epochsRun = 0;
        for (var epoch = history.Count + 1; epoch <= _options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // Shuffling and dropout depend only on (seed, epoch): a resumed run draws exactly what an uninterrupted one would.
            random.manual_seed(EpochSeed(_options.Seed, epoch));
            var order = Shuffle(strategy.TrainCount, _options.Seed, epoch);
            SetLearningRate(optimizer, _options.LearningRateAt(epoch));
            var stage = $"epoch {epoch}/{_options.Epochs}";
            var trainLoss = await strategy.TrainEpochAsync(epoch, order, optimizer, classWeights, (done, total) => observer.OnProgress(new ProgressTick(stage, done, total)), cancellationToken);
            var validation = await strategy.ScoreAsync(SplitName.Validation, null, cancellationToken);
            var isBest = bestEpoch == 0 || IsBetter(validation, history[bestEpoch - 1]);
            var record = new EpochRecord
            {
                Epoch = epoch,
                TrainLoss = trainLoss,
                ValidationLoss = validation.Loss,
                Validation = validation.Metrics,
                Seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                IsBest = isBest,
            };
            history.Add(record);
            if (isBest)
                bestEpoch = epoch;
            var state = new TrainingState { RunFingerprint = runFingerprint, CompletedEpochs = epoch, BestEpoch = bestEpoch, History = history.ToList(), Skipped = skipped };
            await stateStore.SaveAsync(state, SaveModule(strategy.Trainable), SaveOptimizer(optimizer), CancellationToken.None);
            epochsRun++;
            LogEpoch(_logger, epoch, _options.Epochs, trainLoss, validation.Loss, validation.Metrics.Accuracy, validation.Metrics.RocAuc, isBest);
            observer.OnEpochCompleted(record, history);
        }

        cancellationToken.ThrowIfCancellationRequested();
        LoadModule(strategy.Trainable, await stateStore.ReadWeightsAsync(bestEpoch, cancellationToken));
        var bestValidation = await strategy.ScoreAsync(SplitName.Validation, progress, cancellationToken);
        var test = await strategy.ScoreAsync(SplitName.Test, progress, cancellationToken);
        if (strategy is FineTuneStrategy ft)
            skipped.AddRange(ft.SkippedDuringTraining.DistinctBy(s => s.Path));
        var result = new TrainingResult
        {
            History = history,
            BestEpoch = bestEpoch,
            Validation = bestValidation,
            Test = test,
            OperatingPoints = OperatingPoints(bestValidation, test),
            Skipped = skipped,
            FeatureCacheHits = cacheHits,
            FeaturesComputed = computed,
            EpochsRun = epochsRun,
        };
        LogTest(_logger, bestEpoch, test.Metrics.Accuracy, test.Metrics.Sensitivity, test.Metrics.Specificity, test.Metrics.RocAuc);
        observer.OnCompleted(result);
        return result;
    }

    /// <summary>
    /// Best model rule: higher validation accuracy wins (the original method); on equal accuracy the higher validation
    /// ROC-AUC, then the lower validation loss; a full tie keeps the earlier epoch.
    /// </summary>
    public static bool IsBetter(EvaluationReport candidate, EpochRecord best)
    {
        if (candidate.Metrics.Accuracy != best.Validation.Accuracy)
            return candidate.Metrics.Accuracy > best.Validation.Accuracy;
        var auc = Nan0(candidate.Metrics.RocAuc);
        var bestAuc = Nan0(best.Validation.RocAuc);
        if (auc != bestAuc)
            return auc > bestAuc;
        return candidate.Loss < best.ValidationLoss;
    }

    private static double Nan0(double v) => double.IsNaN(v) ? 0 : v;

    /// <summary>The epoch's permutation of train indices, from (seed, epoch) alone.</summary>
    public static int[] Shuffle(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        // System.Random with a seed uses a fixed algorithm, stable across runs and .NET versions.
        var rng = new Random(unchecked((seed * 7919) + epoch));
        for (var i = count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    // Empty for the defaults, so fingerprints of runs made before these settings existed still match.
    // A decaying rate depends on the run's length too, so a cosine run resumed with another --epochs is refused rather
    // than continued on a different curve. Constant runs leave the length out: they may be extended on resume.
    private string ScheduleTag => _options.LearningRateSchedule == LearningRateSchedule.Constant
        ? ""
        : FormattableString.Invariant($"|{_options.LearningRateSchedule}|{_options.Epochs}");

    private string AugmentationTag => (_options.FlipAugmentation ? "|flips" : "") +
        (_options.ShiftAugmentationPixels > 0 ? FormattableString.Invariant($"|shift{_options.ShiftAugmentationPixels}") : "");

    private static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
    }

    public static long EpochSeed(int seed, int epoch) => ((long)seed << 20) + epoch;

    /// <summary>Inverse class frequency, N / (classes × count), as cross-entropy weights.</summary>
    public static Tensor ClassWeights(IReadOnlyList<string> trainLabels, ClassLayout classes)
    {
        var counts = new double[classes.ClassNames.Count];
        foreach (var label in trainLabels)
            counts[classes.IndexOf(label)]++;
        var weights = counts.Select(c => (float)(trainLabels.Count / (classes.ClassNames.Count * c))).ToArray();
        return tensor(weights);
    }

    private static IReadOnlyList<OperatingPoint> OperatingPoints(EvaluationReport validation, EvaluationReport test)
    {
        var points = new List<OperatingPoint>();
        foreach (var choice in new[] { validation.Youden, validation.AtTargetSensitivity })
        {
            if (choice is not null)
                points.Add(new OperatingPoint(choice, test.At(choice.Threshold)));
        }
        return points;
    }

    private static Dictionary<SplitName, FeatureSet> SplitFeatures(FeatureSet all)
    {
        var result = new Dictionary<SplitName, FeatureSet>();
        foreach (var split in Enum.GetValues<SplitName>())
        {
            var rows = Enumerable.Range(0, all.Count).Where(i => all.Items[i].Split == split).ToList();
            var values = new float[rows.Count * all.FeatureCount];
            for (var k = 0; k < rows.Count; k++)
                all.Row(rows[k]).CopyTo(values.AsSpan(k * all.FeatureCount, all.FeatureCount));
            result[split] = new FeatureSet(rows.Select(i => all.Items[i]).ToList(), all.FeatureCount, values);
        }
        return result;
    }

    /// <summary>Fine-tune: decodes every image once up front so bad ones are known (and listed) before epoch 1.</summary>
    private async Task<Dictionary<SplitName, IReadOnlyList<ManifestEntry>>> PreflightAsync(ImageBatchDecoder decoder, IReadOnlyList<ManifestEntry> entries, IProgress<ProgressTick> progress, List<SkippedImage> skipped, CancellationToken cancellationToken)
    {
        var bad = new HashSet<string>(StringComparer.Ordinal);
        long done = 0;
        foreach (var chunk in entries.Chunk(Math.Max(_options.InferenceBatchSize, 64)))
        {
            var decoded = await decoder.DecodeAsync(chunk, cancellationToken);
            foreach (var s in decoded.Skipped)
            {
                bad.Add(s.Path);
                skipped.Add(s);
            }
            done += chunk.Length;
            progress.Report(new ProgressTick("check images", done, entries.Count));
        }
        return Enum.GetValues<SplitName>().ToDictionary(s => s, s => (IReadOnlyList<ManifestEntry>)entries.Where(e => e.Split == s && !bad.Contains(e.Path)).ToList());
    }

    private static void RequireClasses(IReadOnlyDictionary<SplitName, IReadOnlyList<ManifestEntry>> splits, ClassLayout classes, string what)
    {
        foreach (var split in new[] { SplitName.Train, SplitName.Validation })
        {
            foreach (var name in classes.ClassNames)
            {
                if (!splits[split].Any(e => e.Label == name))
                    throw new TrainingDataException($"Class '{name}' has no {what}images in the {split.ToString().ToLowerInvariant()} split: both classes are needed to train and validate.");
            }
        }
        if (splits[SplitName.Test].Count == 0)
            throw new TrainingDataException($"The test split has no {what}images.");
    }

    private string RunFingerprint(string modelHash, TrainingDataset data, PreprocessOptions preprocess) => RunFingerprint(
        FormattableString.Invariant($"{_options.Mode}|{_options.BatchSize}|{_options.LearningRate:R}|{_options.Seed}|{_options.TrainLastBlocks}|{_options.ClassWeightedLoss}{ScheduleTag}{AugmentationTag}"),
        preprocess.Fingerprint(), data.ClassNames, data.PositiveClass, data.Entries, modelHash);

    /// <summary>What identifies a run: its settings, preprocessing (images only), classes, every entry and the starting weights.</summary>
    private static string RunFingerprint(string settings, string? preprocess, IReadOnlyList<string> classNames, int positiveClass, IEnumerable<ManifestEntry> entries, string modelHash)
    {
        var sb = new StringBuilder();
        sb.AppendLine(settings);
        if (preprocess is not null)
            sb.AppendLine(preprocess);
        sb.AppendLine(string.Join(',', classNames)).AppendLine(positiveClass.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var e in entries)
            sb.Append(e.Path).Append('|').Append(e.Sha256).Append('|').Append(e.Label).Append('|').Append(e.Split).Append('\n');
        sb.AppendLine(modelHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    internal static byte[] SaveModule(nn.Module module)
    {
        using var ms = new MemoryStream();
        module.save(ms);
        return ms.ToArray();
    }

    internal static void LoadModule(nn.Module module, byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        module.load(ms);
    }

    private static byte[] SaveOptimizer(OptimizerHelper optimizer)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(w);
        return ms.ToArray();
    }

    private static void LoadOptimizer(OptimizerHelper optimizer, byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        using var r = new BinaryReader(ms);
        optimizer.load_state_dict(r);
    }

    private sealed class Progress(ITrainingObserver observer) : IProgress<ProgressTick>
    {
        public void Report(ProgressTick value) => observer.OnProgress(value);
    }

    private sealed class NullObserver : ITrainingObserver
    {
        public static readonly NullObserver Instance = new();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Skipped {Path}: {Reason} ({Detail})")]
    private static partial void LogSkipped(ILogger logger, string path, string reason, string detail);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Resuming after epoch {Epoch} (best so far: epoch {Best})")]
    private static partial void LogResumed(ILogger logger, int epoch, int best);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Epoch {Epoch}/{Epochs}: train loss {TrainLoss:F4}, val loss {ValLoss:F4}, val accuracy {Accuracy:F4}, val ROC-AUC {Auc:F4}, best so far: {IsBest}")]
    private static partial void LogEpoch(ILogger logger, int epoch, int epochs, double trainLoss, double valLoss, double accuracy, double auc, bool isBest);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Test with the best model (epoch {Epoch}): accuracy {Accuracy:F4}, sensitivity {Sensitivity:F4}, specificity {Specificity:F4}, ROC-AUC {Auc:F4}")]
    private static partial void LogTest(ILogger logger, int epoch, double accuracy, double sensitivity, double specificity, double auc);
}
