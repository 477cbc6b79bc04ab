using FracCluster.Cli.Commands;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests;

/// <summary>
/// `frac demo` end to end at toy size: embedded silo, synthetic data, split, fine-tune, model load through the API,
/// held-out scans streamed as scanners. Model quality is not asserted here (one epoch on a few dozen images); that
/// every scan comes back exactly once, is.
/// </summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_at_toy_size_trains_loads_the_model_and_streams_every_test_scan_back_exactly_once()
    {
        using var data = new TempFolder();
        var settings = new DemoSettings
        {
            DataDir = data.Path,
            Images = 60,
            Epochs = 1,
            Size = 32,
            Width = 0.25,
            Depth = 0.3,
            Port = 0,
            Scanners = 3,
            Rate = 200,
            NoServe = true,
        };
        Assert.True(settings.Validate().Successful);

        var report = await DemoCommand.RunDemoAsync(settings, CancellationToken.None);

        Assert.NotNull(report.Training);
        Assert.True(File.Exists(report.Checkpoint + ".safetensors"));
        Assert.True(File.Exists(report.Training.ReportPath));
        Assert.Single(report.Training.Result.History);
        Assert.Equal(6, report.TestScans);
        var stream = report.Stream;
        Assert.Equal(0, stream.Lost);
        Assert.Equal(0, stream.Duplicates);
        Assert.Equal(report.TestScans, stream.Sent);
        Assert.Equal(report.TestScans, stream.Completed);
        Assert.Equal(report.TestScans, stream.Scans.Count);
        Assert.Equal(Enumerable.Range(0, report.TestScans), stream.Scans.Select(s => s.ImageIndex).Order());
        Assert.All(stream.Scans, s =>
        {
            Assert.Equal(ScanStatus.Completed, s.Result!.Status);
            Assert.InRange(s.Result.ProbabilityFractured!.Value, 0f, 1f);
            Assert.Equal(report.Training.ModelVersion, s.Result.ModelVersion);
        });
        Assert.InRange(report.Agreement, 0, 1);
    }
}
