using FracCluster.Imaging;
using FracCluster.Imaging.Annotations;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Training;

namespace FracCluster.Cli.Prediction;

/// <summary>
/// <c>frac evaluate --heatmaps DIR</c>: overlays of the evaluated images by outcome (true positives, false positives,
/// false negatives at 0.5; up to <see cref="OverlaysPerOutcome"/> each) and, when the data set has fracture boxes, the
/// localisation table (the checkpoint's Grad-CAM, the same architecture at random initialisation, the centre prior),
/// written to DIR/heatmaps.md.
/// </summary>
public static class EvaluationHeatmaps
{
    public const int OverlaysPerOutcome = 8;
    public const string MarkdownFileName = "heatmaps.md";

    public static async Task<EvaluationHeatmapsResult> RunAsync(
        string checkpoint, string device, IDatasetSource source, EvaluationReport report, string directory, int batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(report);
        var options = new InferenceOptions { Device = device, MaxBatchSize = batch, WarmUp = false };
        using var engine = InferenceEngine.Load(checkpoint, options);
        if (!engine.SupportsHeatmaps)
            throw new CheckpointException($"Model {engine.Model.VersionLabel} cannot give heatmaps (no convolutional feature maps).");

        var annotations = new Dictionary<string, AnnotatedImage>(StringComparer.Ordinal);
        await foreach (var entry in source.EnumerateAsync(cancellationToken))
        {
            if (entry.Annotation is { } annotation)
                annotations[entry.Path] = annotation;
        }

        var scores = await LocaliseAsync(engine, options, source, report, annotations, cancellationToken);
        var writer = new HeatmapWriter(engine, directory, new ImageLimits());
        var outcomes = new List<(string, IReadOnlyList<(string, double, string)>)>();
        foreach (var (title, picks) in Outcomes(report))
        {
            var files = new List<(string File, byte[] Bytes)>(picks.Count);
            foreach (var p in picks)
                files.Add((p.Path, await source.ReadAsync(p.Path, cancellationToken)));
            var explained = files.Count == 0 ? [] : await writer.ExplainAsync(files, cancellationToken);
            var shown = new List<(string, double, string)>();
            for (var i = 0; i < explained.Count; i++)
            {
                if (explained[i].OverlayPath is { } path)
                    shown.Add((picks[i].Path, picks[i].PositiveProbability, Path.GetFileName(path)));
            }
            outcomes.Add((title, shown));
        }
        var result = new EvaluationHeatmapsResult(engine.Model.VersionLabel, report.Split, writer.Directory, scores, outcomes);
        await File.WriteAllTextAsync(Path.Combine(writer.Directory, MarkdownFileName), result.ToMarkdown("#", writer.Directory), cancellationToken);
        return result;
    }

    private static async Task<IReadOnlyList<LocalisationScore>> LocaliseAsync(
        InferenceEngine engine, InferenceOptions options, IDatasetSource source, EvaluationReport report,
        IReadOnlyDictionary<string, AnnotatedImage> annotations, CancellationToken cancellationToken)
    {
        var images = new List<(ReadOnlyMemory<byte>, AnnotatedImage)>();
        foreach (var p in report.Predictions.Where(p => p.IsPositive))
        {
            if (annotations.TryGetValue(p.Path, out var annotation) && annotation.Boxes.Count > 0)
                images.Add((await source.ReadAsync(p.Path, cancellationToken), annotation));
        }
        if (images.Count == 0)
            return [];
        // The same architecture untrained: a heatmap that does no better than this reflects the architecture, not learning.
        using var untrained = new InferenceEngine(ModelFactory.Create(engine.Model), engine.Model, options);
        return await HeatmapLocalisation.ScoreAsync([("Grad-CAM", engine), ("Grad-CAM, random init", untrained)], images, cancellationToken: cancellationToken);
    }

    private static IEnumerable<(string Title, List<FracCluster.Ml.Training.Prediction> Picks)> Outcomes(EvaluationReport report)
    {
        List<FracCluster.Ml.Training.Prediction> Take(Func<FracCluster.Ml.Training.Prediction, bool> which) =>
            [.. report.Predictions.Where(which).OrderByDescending(p => p.PositiveProbability).Take(OverlaysPerOutcome)];
        yield return ("True positives", Take(p => p.IsPositive && p.PositiveProbability >= 0.5));
        yield return ("False positives", Take(p => !p.IsPositive && p.PositiveProbability >= 0.5));
        yield return ("False negatives", Take(p => p.IsPositive && p.PositiveProbability < 0.5));
    }
}
