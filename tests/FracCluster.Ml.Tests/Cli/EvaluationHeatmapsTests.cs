using FracCluster.Cli.Prediction;
using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Tests.Heatmaps;
using FracCluster.Ml.Training;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Cli;

public sealed class EvaluationHeatmapsTests
{
    [Fact]
    public async Task Evaluate_heatmaps_writes_outcome_overlays_and_the_localisation_table_beside_its_baselines()
    {
        using var dir = new TempDirectory();
        var data = dir.File("data");
        await new SyntheticDatasetWriter().WriteAsync(data, new SyntheticDatasetOptions
        {
            Count = 10,
            FracturedRatio = 0.5,
            Seed = 5,
            MaxDegreeOfParallelism = 2,
            Radiograph = new SyntheticRadiographOptions { MinSize = 96, MaxSize = 128 },
        });
        var checkpoint = dir.File("tiny");
        using (var model = TinyEfficientNets.Create())
        {
            ModelCheckpoint.Save(model, new CheckpointMetadata
            {
                Variant = "b0",
                WidthMultiplier = 0.25,
                DepthMultiplier = 0.3,
                Dropout = 0.2,
                ClassNames = [FracAtlasDatasetSource.Fractured, FracAtlasDatasetSource.NonFractured],
                PositiveClass = 0,
                Preprocess = PreprocessOptions.ImageNet(64),
            }, checkpoint);
        }
        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(data), string.Empty);
        // Alternate the scores so every outcome (TP, FP, TN, FN) occurs.
        var predictions = source.Entries.Select((e, i) =>
        {
            var positive = e.Label == FracAtlasDatasetSource.Fractured;
            return new Prediction(e.Path, e.Label, positive, i % 2 == 0 ? 0.8 : 0.2);
        }).ToList();
        var report = EvaluationReport.FromPredictions("Test", 0, predictions, 0.95);

        var result = await EvaluationHeatmaps.RunAsync(checkpoint, "cpu", source, report, dir.File("heat"), 4, CancellationToken.None);
        var scores = result.Scores;

        Assert.Equal(["Grad-CAM", LocalisationScorer.CentrePriorMethod, "Grad-CAM, random init"], scores.Select(s => s.Method));
        Assert.All(scores, s => Assert.Equal(5, s.Images));
        var markdown = await File.ReadAllTextAsync(dir.File("heat/" + EvaluationHeatmaps.MarkdownFileName));
        Assert.Contains("| heatmap | images | pointing game | mass inside boxes |", markdown);
        Assert.Contains("## True positives", markdown);
        Assert.Contains("## False positives", markdown);
        Assert.Contains("## False negatives", markdown);
        var shown = predictions.Count(p => p.PositiveProbability >= 0.5 || p.IsPositive);
        Assert.Equal(shown, Directory.GetFiles(dir.File("heat"), "*.heatmap.png").Length);

        // As a section of the evaluation report in another folder: the same table, overlays linked from there.
        var section = result.ToMarkdown("##", dir.File("report"));
        Assert.Contains("| heatmap | images | pointing game | mass inside boxes |", section);
        Assert.Contains("### True positives", section);
        var firstOverlay = Path.GetFileName(Directory.GetFiles(dir.File("heat"), "*.heatmap.png").Order().First());
        Assert.Contains($"](../heat/{firstOverlay})", section);
    }
}
