using System.Globalization;
using FracCluster.Cli.Prediction;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Reporting;
using FracCluster.Ml.Torch;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// <c>frac train --local</c>: the whole method in this process. Split (or reuse a manifest), train with the state saved
/// every epoch, keep the best epoch by validation accuracy, test it, write the report and the best checkpoint.
/// </summary>
public sealed class TrainCommand : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Cluster is not null)
        {
            try
            {
                return await ClusterTraining.ClusterTrainingRunner.RunAsync(settings, cancellationToken);
            }
            catch (Exception ex) when (ex is ClusterTraining.TrainingApiException or HttpRequestException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                return 2;
            }
        }
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]Cancelled.[/] The last completed epoch is saved; run again with --resume to continue.");
            return 130;
        }
        catch (Exception ex) when (ex is DatasetException or SplitManifestException or SplitLeakException or CheckpointException or TrainingDataException or InvalidOperationException or BlobStoreUnavailableException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(TrainSettings settings, CancellationToken cancellationToken)
    {
        var outDir = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(outDir);
        // Refuse before anything in the folder is rewritten (the split manifest is saved before training starts).
        if (!settings.Resume && File.Exists(Path.Combine(outDir, "state", "state.json")))
            throw new InvalidOperationException($"{outDir} already holds a run: resume it (--resume) or choose a new --out.");
        var device = TorchRuntime.ParseDevice(settings.Device);
        var source = await CliData.OpenAsync(settings.Data, settings.Classes, cancellationToken);
        using var loaded = ModelCheckpoint.Load(settings.Weights, device);
        var start = loaded.Metadata;
        if (!start.ClassNames.SequenceEqual(source.ClassNames, StringComparer.Ordinal))
        {
            throw new TrainingDataException(
                $"The checkpoint's classes are [{string.Join(", ", start.ClassNames)}] but the data's are [{string.Join(", ", source.ClassNames)}]; class order is explicit, so they must match (use --classes for class-per-folder data).");
        }

        var manifest = await CliData.ManifestAsync(source, settings.Manifest, settings.Resume ? outDir : null, settings.Seed, SplitRatios.Parse(settings.Split), cancellationToken);
        await manifest.SaveToDirectoryAsync(outDir, cancellationToken);
        var preprocess = settings.ImageSize is { } size ? start.Preprocess with { Size = size } : start.Preprocess;
        var options = new TrainingOptions
        {
            Mode = settings.ParsedMode,
            Epochs = settings.Epochs,
            BatchSize = settings.Batch,
            LearningRate = settings.LearningRate,
            LearningRateSchedule = settings.ParsedSchedule,
            Seed = settings.Seed,
            TrainLastBlocks = settings.TrainLastBlocks,
            DecodedImageCacheMegabytes = settings.DecodeCacheMegabytes,
            FlipAugmentation = settings.Flips,
            ShiftAugmentationPixels = settings.Shift,
            ClassWeightedLoss = settings.ClassWeighted,
            TargetSensitivity = settings.TargetSensitivity,
            Device = settings.Device,
            Resume = settings.Resume,
        };
        var data = new TrainingDataset(manifest.Entries, source.ClassNames, start.PositiveClass, source.ReadAsync);
        var run = new RunDescription
        {
            Name = Path.GetFileName(outDir),
            Data = $"{source.Description} ({manifest.Entries.Count} images; split manifest {manifest.Sha256[..12]})",
            Model = $"EfficientNet-{start.Variant} from {Path.GetFileName(settings.Weights)} ({start.VersionLabel}), input {preprocess.Size}×{preprocess.Size}",
            ClassNames = source.ClassNames,
            PositiveClass = start.PositiveClass,
            Settings = options.Describe(),
        };
        var featureCache = settings.FeatureCache ?? Path.Combine(Path.GetDirectoryName(outDir) ?? outDir, ".feature-cache");
        var progress = new ConsoleProgress(settings.Epochs);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(ConsoleProgress.Interactive ? LogLevel.Error : LogLevel.Warning));
        var trainer = new Trainer(options, logging.CreateLogger<Trainer>());
        var reporter = new RunReporter(outDir, run, progress);

        PrintStart(run, manifest);
        var result = await progress.RunAsync(() => trainer.RunAsync(loaded.Model, data, preprocess, new FileBlobStore(outDir), new FileBlobStore(featureCache), reporter, cancellationToken));

        var best = ModelCheckpoint.Save(loaded.Model, start with
        {
            Preprocess = preprocess,
            Training = options.Describe().Append(new KeyValuePair<string, string>("bestEpoch", result.BestEpoch.ToString(CultureInfo.InvariantCulture))).ToDictionary(),
            SplitManifestSha256 = manifest.Sha256,
            Metrics = result.SummaryMetrics(),
            SourceWeightsSha256 = start.WeightsSha256 ?? start.SourceWeightsSha256,
            CreatedAt = DateTimeOffset.UtcNow,
        }, Path.Combine(outDir, "best"));
        PrintSummary(result, outDir, best);
        if (settings.Heatmaps)
            await AddHeatmapsToReportAsync(settings, source, result, outDir, cancellationToken);
        return 0;
    }

    /// <summary>
    /// Explains the best model's test outcomes and appends them, with the localisation table when the data has
    /// boxes, to the report the trainer wrote: a reader sees where the model looks beside how often it is right.
    /// </summary>
    private static async Task AddHeatmapsToReportAsync(TrainSettings settings, IDatasetSource source, TrainingResult result, string outDir, CancellationToken cancellationToken)
    {
        var heatmaps = await EvaluationHeatmaps.RunAsync(Path.Combine(outDir, "best"), settings.Device, source, result.Test, Path.Combine(outDir, "heatmaps"), settings.Batch, cancellationToken);
        var report = Path.Combine(outDir, "report.md");
        await File.AppendAllTextAsync(report, "\n" + heatmaps.ToMarkdown("##", outDir), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"heatmaps: {heatmaps.Directory} ({(heatmaps.Scores.Count > 0 ? "localisation table and overlays" : "overlays; no fracture boxes in the data")} added to report.md)");
    }

    private static void PrintStart(RunDescription run, SplitManifest manifest)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{run.Name}[/]: {run.Model}");
        AnsiConsole.MarkupLineInterpolated($"data: {run.Data}");
        AnsiConsole.MarkupLineInterpolated($"split: train {manifest.For(SplitName.Train).Count}, validation {manifest.For(SplitName.Validation).Count}, test {manifest.For(SplitName.Test).Count}; {string.Join(", ", run.Settings.Where(kv => kv.Key != "selection").Select(kv => $"{kv.Key} {kv.Value}"))}");
    }

    private static void PrintSummary(TrainingResult result, string outDir, CheckpointMetadata best)
    {
        var table = new Table().Title($"Best model (epoch {result.BestEpoch}) on validation and test").AddColumns("split", "n", "acc", "sens", "spec", "prec", "F1", "AUC");
        foreach (var r in new[] { result.Validation, result.Test })
        {
            var m = r.Metrics;
            table.AddRow(r.Split.ToLowerInvariant(), r.Predictions.Count.ToString(CultureInfo.InvariantCulture), F(m.Accuracy), F(m.Sensitivity), F(m.Specificity), F(m.Precision), F(m.F1), F(m.RocAuc));
        }
        AnsiConsole.Write(table);
        foreach (var op in result.OperatingPoints)
            AnsiConsole.MarkupLineInterpolated($"threshold {op.ChosenOnValidation.Rule} (chosen on validation) = {op.ChosenOnValidation.Threshold:0.0000}: test sensitivity {F(op.OnTest.Sensitivity)}, specificity {F(op.OnTest.Specificity)}");
        if (result.Skipped.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{result.Skipped.Count} image(s) skipped[/] (listed in report.md), e.g. {result.Skipped[0].Path}: {result.Skipped[0].Reason}");
        if (result.FeaturesComputed + result.FeatureCacheHits > 0)
            AnsiConsole.MarkupLineInterpolated($"features: {result.FeaturesComputed} computed, {result.FeatureCacheHits} from cache");
        AnsiConsole.MarkupLineInterpolated($"report: {Path.Combine(outDir, "report.md")}");
        AnsiConsole.MarkupLineInterpolated($"best checkpoint: {Path.Combine(outDir, "best")}.safetensors/.json ({best.VersionLabel})");
    }

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
