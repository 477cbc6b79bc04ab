using System.Globalization;
using System.Text;
using FracCluster.Cli.Prediction;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Reporting;
using FracCluster.Ml.Torch;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary><c>frac evaluate</c>: scores a checkpoint on a split of a dataset (test by default) with the clinical metrics.</summary>
public sealed class EvaluateCommand : AsyncCommand<EvaluateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (Exception ex) when (ex is DatasetException or SplitManifestException or SplitLeakException or CheckpointException or TrainingDataException or BlobStoreUnavailableException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.ParseDevice(settings.Device);
        using var loaded = ModelCheckpoint.Load(settings.Checkpoint, device);
        var meta = loaded.Metadata;
        var source = await CliData.OpenAsync(settings.Data, settings.Classes, cancellationToken);
        if (!meta.ClassNames.SequenceEqual(source.ClassNames, StringComparer.Ordinal))
            throw new TrainingDataException($"The checkpoint's classes are [{string.Join(", ", meta.ClassNames)}] but the data's are [{string.Join(", ", source.ClassNames)}].");

        IReadOnlyList<ManifestEntry> items;
        string splitName;
        if (settings.AllImages)
        {
            var hashed = await CliData.HashAsync(source, cancellationToken);
            items = hashed.Select(h => new ManifestEntry(h.Path, h.Sha256, h.Label, SplitName.Test)).ToList();
            splitName = "all";
        }
        else
        {
            var manifestPath = settings.Manifest ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(CheckpointPaths.From(settings.Checkpoint).BasePath))!, SplitManifest.JsonFileName);
            if (!File.Exists(manifestPath))
                throw new SplitManifestException($"No split manifest at {manifestPath}: pass --manifest, or --split all to score every image.");
            var manifest = await SplitManifest.LoadFileAsync(manifestPath, cancellationToken);
            if (meta.SplitManifestSha256 is { } trained && !string.Equals(trained, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] this manifest ({manifest.Sha256[..12]}) is not the one the checkpoint was trained with ({trained[..Math.Min(12, trained.Length)]}): its test images may have been seen in training.");
            splitName = settings.ParsedSplit!.Value.ToString();
            items = manifest.For(settings.ParsedSplit!.Value);
        }

        var decoder = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), meta.Preprocess), source.ReadAsync, Environment.ProcessorCount);
        var evaluator = new ModelEvaluator(loaded.Model, device, decoder, settings.Batch);
        var classes = new ClassLayout(meta.ClassNames, meta.PositiveClass);
        var progress = new ConsoleProgress(0);
        var report = await progress.RunAsync(() => evaluator.EvaluateAsync(splitName, items, classes, settings.TargetSensitivity, new ProgressAdapter(progress), cancellationToken));

        Print(report, meta, settings.TargetSensitivity);
        // Heatmaps first, so the evaluation report can carry their localisation table and overlays.
        var heatmaps = settings.Heatmaps is { } heatmapDir
            ? await WriteHeatmapsAsync(settings, source, report, heatmapDir, cancellationToken)
            : null;
        if (settings.Out is { } outDir)
            Write(outDir, report, meta, source.Description, settings, heatmaps);
        return 0;
    }

    private static async Task<EvaluationHeatmapsResult> WriteHeatmapsAsync(EvaluateSettings settings, IDatasetSource source, EvaluationReport report, string directory, CancellationToken cancellationToken)
    {
        var heatmaps = await EvaluationHeatmaps.RunAsync(settings.Checkpoint, settings.Device, source, report, directory, settings.Batch, cancellationToken);
        if (heatmaps.Scores.Count > 0)
        {
            var table = new Table().Title("Localisation on fractured images with boxes").AddColumns("heatmap", "images", "pointing game", "mass inside boxes");
            foreach (var s in heatmaps.Scores)
                table.AddRow(Markup.Escape(s.Method), s.Images.ToString(CultureInfo.InvariantCulture), F(s.PointingGame), F(s.MassInside));
            AnsiConsole.Write(table);
        }
        AnsiConsole.MarkupLineInterpolated($"heatmaps: {Path.Combine(Path.GetFullPath(directory), EvaluationHeatmaps.MarkdownFileName)}");
        return heatmaps;
    }

    private static void Print(EvaluationReport r, CheckpointMetadata meta, double target)
    {
        var m = r.Metrics;
        var cm = m.Confusion;
        var table = new Table().Title($"{meta.VersionLabel} on {r.Split.ToLowerInvariant()} ({r.Predictions.Count} images)").AddColumns("metric", "value");
        table.AddRow("loss", F(r.Loss));
        table.AddRow("accuracy", F(m.Accuracy));
        table.AddRow("sensitivity", F(m.Sensitivity));
        table.AddRow("specificity", F(m.Specificity));
        table.AddRow("precision", F(m.Precision));
        table.AddRow("F1", F(m.F1));
        table.AddRow("ROC-AUC", F(m.RocAuc));
        table.AddRow("TP / FP / TN / FN", FormattableString.Invariant($"{cm.TruePositives} / {cm.FalsePositives} / {cm.TrueNegatives} / {cm.FalseNegatives}"));
        if (r.Youden is { } y)
            table.AddRow("Youden's J threshold", FormattableString.Invariant($"{y.Threshold:0.0000} (sens {F(y.Sensitivity)}, spec {F(y.Specificity)})"));
        if (r.AtTargetSensitivity is { } t)
            table.AddRow(FormattableString.Invariant($"threshold for sensitivity ≥ {target:0.##}"), FormattableString.Invariant($"{t.Threshold:0.0000} (sens {F(t.Sensitivity)}, spec {F(t.Specificity)})"));
        if (meta.Metrics.TryGetValue("threshold_youden", out var trainedYouden))
        {
            var at = r.At(trainedYouden);
            table.AddRow("checkpoint's Youden threshold", FormattableString.Invariant($"{trainedYouden:0.0000}: sens {F(at.Sensitivity)}, spec {F(at.Specificity)}"));
        }
        AnsiConsole.Write(table);
        if (r.Skipped.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{r.Skipped.Count} image(s) skipped[/], e.g. {r.Skipped[0].Path}: {r.Skipped[0].Reason}");
    }

    private static void Write(string outDir, EvaluationReport r, CheckpointMetadata meta, string data, EvaluateSettings settings, EvaluationHeatmapsResult? heatmaps)
    {
        Directory.CreateDirectory(outDir);
        var classes = meta.ClassNames;
        var points = new List<OperatingPoint>();
        if (r.Youden is { } y)
            points.Add(new OperatingPoint(y, r.At(y.Threshold)));
        if (r.AtTargetSensitivity is { } t)
            points.Add(new OperatingPoint(t, r.At(t.Threshold)));
        RunPlots.Roc(r, points, Path.Combine(outDir, ReportMarkdown.RocPng));
        RunPlots.Confusion(r.Metrics.Confusion, classes[meta.PositiveClass], classes[1 - meta.PositiveClass], $"Confusion matrix, {r.Split.ToLowerInvariant()} (threshold 0.5)", Path.Combine(outDir, ReportMarkdown.ConfusionPng));
        var markdown = ReportMarkdown.ForEvaluation($"Evaluation of {meta.VersionLabel}", settings.Checkpoint, data, r, settings.TargetSensitivity);
        if (heatmaps is not null)
            markdown += "\n" + heatmaps.ToMarkdown("##", outDir);
        File.WriteAllText(Path.Combine(outDir, "evaluation.md"), markdown);
        var csv = new StringBuilder("path,label,probability_positive\n");
        foreach (var p in r.Predictions)
            csv.Append(CultureInfo.InvariantCulture, $"\"{p.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{p.Label},{p.PositiveProbability:R}\n");
        File.WriteAllText(Path.Combine(outDir, "predictions.csv"), csv.ToString());
        AnsiConsole.MarkupLineInterpolated($"written: {Path.Combine(outDir, "evaluation.md")}");
    }

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0000", CultureInfo.InvariantCulture);

    private sealed class ProgressAdapter(ConsoleProgress console) : IProgress<ProgressTick>
    {
        public void Report(ProgressTick value) => console.OnProgress(value);
    }
}
