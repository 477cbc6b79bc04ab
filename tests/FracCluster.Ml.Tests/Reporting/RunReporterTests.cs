using System.Text.Json;
using FracCluster.Imaging;
using FracCluster.Ml.Reporting;
using FracCluster.Ml.Tests.Training;
using FracCluster.Ml.Training;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Reporting;

public sealed class RunReporterTests
{
    [Fact]
    public async Task A_run_folder_gets_metrics_tensorboard_plots_and_a_report()
    {
        var data = SyntheticSet.Create(trainPerClass: 16, validationPerClass: 6, testPerClass: 6);
        using var folder = new TempFolder();
        var run = new RunDescription
        {
            Name = "unit",
            Data = "synthetic (in memory)",
            Model = "tiny CNN",
            ClassNames = SyntheticSet.Classes,
            PositiveClass = 0,
        };
        var reporter = new RunReporter(folder.Path, run);

        var result = await new Trainer(new TrainingOptions { Mode = TrainingMode.FineTune, Epochs = 3, Seed = 3 })
            .RunAsync(TinyClassifier.Create(), data.ToDataset(), PreprocessOptions.ImageNet(48), new FileBlobStore(folder.Sub("state")), null, reporter);
        var keep = Environment.GetEnvironmentVariable("FRAC_TEST_KEEP_REPORT");
        if (!string.IsNullOrEmpty(keep))
            CopyFolder(folder.Path, keep);

        var lines = File.ReadAllLines(reporter.MetricsPath);
        Assert.Equal(4, lines.Length);
        using (var last = JsonDocument.Parse(lines[^1]))
        {
            Assert.Equal("test", last.RootElement.GetProperty("type").GetString());
            Assert.Equal(result.BestEpoch, last.RootElement.GetProperty("best_epoch").GetInt32());
            Assert.Equal(result.Test.Metrics.RocAuc, last.RootElement.GetProperty("test_roc_auc").GetDouble(), 12);
        }
        using (var first = JsonDocument.Parse(lines[0]))
            Assert.Equal(1, first.RootElement.GetProperty("epoch").GetInt32());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder.Path, "tensorboard"), "events.out.tfevents.*", SearchOption.AllDirectories));
        foreach (var png in new[] { ReportMarkdown.LossPng, ReportMarkdown.AccuracyPng, ReportMarkdown.RocPng, ReportMarkdown.ConfusionPng })
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder.Path, png));
            Assert.True(bytes.Length > 5000, $"{png} is {bytes.Length} bytes");
            Assert.Equal(0x89, bytes[0]);
            Assert.Contains($"]({png})", File.ReadAllText(reporter.ReportPath), StringComparison.Ordinal);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
