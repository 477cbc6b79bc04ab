using System.Text.Json;
using FracCluster.Cli;
using FracCluster.Cli.Commands;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using FracCluster.Ml.Tests.Training;
using TorchSharp;

namespace FracCluster.Ml.Tests.Cli;

public sealed class TrainEvaluateCommandTests
{
    [Fact]
    public async Task Train_then_evaluate_from_the_command_line_writes_a_run_and_a_usable_checkpoint()
    {
        using var folder = new TempFolder();
        var data = folder.Sub("data");
        var rng = new Random(3);
        foreach (var label in SyntheticSet.Classes)
        {
            Directory.CreateDirectory(Path.Combine(data, label));
            for (var i = 0; i < 20; i++)
                await File.WriteAllBytesAsync(Path.Combine(data, label, $"{i:000}.png"), SyntheticSet.Render(64, label == "fractured", rng));
        }
        await File.WriteAllBytesAsync(Path.Combine(data, "fractured", "broken.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]);
        var config = new EfficientNetConfig { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };
        torch.random.manual_seed(5);
        using (var model = new EfficientNet(config))
            ModelCheckpoint.Save(model, ModelFactory.CreateMetadata(config, SyntheticSet.Classes, 0, PreprocessOptions.ImageNet(64)), folder.Sub("start"));
        var run = folder.Sub("runs/tiny");

        var trained = await FracApp.Build().RunAsync(["train", "--local", "--data", data, "--classes", "fractured,non_fractured", "--weights", folder.Sub("start"), "--epochs", "3", "--seed", "9", "--heatmaps", "--out", run]);

        Assert.Equal(0, trained);
        foreach (var file in new[] { "best.safetensors", "best.json", "report.md", "metrics.jsonl", "loss.png", "roc.png", "confusion.png", "accuracy.png", SplitManifest.JsonFileName })
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        var best = ModelCheckpoint.ReadMetadata(Path.Combine(run, "best"));
        var manifest = await SplitManifest.LoadFileAsync(Path.Combine(run, SplitManifest.JsonFileName));
        Assert.Equal(manifest.Sha256, best.SplitManifestSha256);
        Assert.Equal("linear-probe", best.Training["mode"]);
        Assert.Contains("test_roc_auc", best.Metrics.Keys);
        var report = await File.ReadAllTextAsync(Path.Combine(run, "report.md"));
        Assert.Contains("broken.png", report, StringComparison.Ordinal);
        // --heatmaps: the best model's test outcomes as overlays, linked from the report (no boxes in class folders).
        Assert.Contains("## Heatmaps of", report, StringComparison.Ordinal);
        Assert.Contains("No fracture boxes in this data set", report, StringComparison.Ordinal);
        Assert.Contains("### True positives", report, StringComparison.Ordinal);
        var overlays = Directory.GetFiles(Path.Combine(run, "heatmaps"), "*.heatmap.png");
        Assert.NotEmpty(overlays);
        Assert.Contains($"](heatmaps/{Path.GetFileName(overlays[0])})", report, StringComparison.Ordinal);
        Assert.True(Directory.Exists(folder.Sub("runs/.feature-cache")));

        var evaluated = await FracApp.Build().RunAsync(["evaluate", "--checkpoint", Path.Combine(run, "best"), "--data", data, "--classes", "fractured,non_fractured", "--out", folder.Sub("eval")]);

        Assert.Equal(0, evaluated);
        var predictions = await File.ReadAllLinesAsync(folder.Sub("eval/predictions.csv"));
        var testImages = manifest.For(SplitName.Test).Count(e => !e.Path.EndsWith("broken.png", StringComparison.Ordinal));
        Assert.Equal(testImages + 1, predictions.Length);
        using var metrics = JsonDocument.Parse((await File.ReadAllLinesAsync(Path.Combine(run, "metrics.jsonl")))[^1]);
        Assert.Equal(best.Metrics["test_roc_auc"], metrics.RootElement.GetProperty("test_roc_auc").GetDouble(), 9);
    }

    [Theory]
    [InlineData("--local", "--out", "run", "--lr-schedule", "step")]
    [InlineData("--cluster", "http://127.0.0.1:9", "--api-key", "k", "--lr-schedule", "cosine")]
    public async Task A_learning_rate_schedule_that_is_unknown_or_asked_of_a_cluster_run_is_refused(params string[] args)
    {
        var exit = await FracApp.RunAsync(["train", "--data", "nowhere", "--weights", "none", .. args]);
        Assert.Equal(2, exit);
    }

    /// <summary>A cluster run's request has no field for these: refused by name, not silently dropped.</summary>
    [Fact]
    public void Options_only_a_local_run_takes_are_refused_for_a_cluster_run()
    {
        const string Url = "http://127.0.0.1:9";
        Assert.True(new TrainSettings { Cluster = Url, Data = "d", Weights = "w", Mode = "fine-tune" }.Validate().Successful);

        foreach (var (settings, option) in new (TrainSettings, string)[]
        {
            (new TrainSettings { Cluster = Url, Data = "d", Weights = "w", Mode = "fine-tune", Flips = true }, "--flips"),
            (new TrainSettings { Cluster = Url, Data = "d", Weights = "w", Mode = "fine-tune", Shift = 4 }, "--shift"),
            (new TrainSettings { Cluster = Url, Data = "d", Weights = "w", Mode = "fine-tune", DecodeCacheMegabytes = 64 }, "--decode-cache-mb"),
            (new TrainSettings { Cluster = Url, Data = "d", Weights = "w", LrSchedule = "cosine" }, "--lr-schedule"),
            (new TrainSettings { Cluster = Url, Data = "d", Weights = "w", ClassWeighted = true }, "--class-weighted"),
            (new TrainSettings { Cluster = Url, Data = "d", Weights = "w", Resume = true }, "--resume"),
        })
        {
            var result = settings.Validate();
            Assert.False(result.Successful, option);
            Assert.Contains(option, result.Message);
        }
    }
}
