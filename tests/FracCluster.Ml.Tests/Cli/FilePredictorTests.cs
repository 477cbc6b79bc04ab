using FracCluster.Cli.Prediction;
using FracCluster.Imaging;
using FracCluster.Ml.Tests.Inference;

namespace FracCluster.Ml.Tests.Cli;

public sealed class FilePredictorTests
{
    [Fact]
    public async Task Every_file_gets_a_row_in_order_and_bad_files_never_stop_the_others()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("1.png"), TestImages.Png(1));
        File.WriteAllBytes(dir.File("2.png"), TestImages.Garbage());
        File.WriteAllBytes(dir.File("3.png"), TestImages.Png(3));
        File.WriteAllBytes(dir.File("4.jpg"), []);
        File.WriteAllBytes(dir.File("5.png"), TestImages.Png(5));
        string[] files = [dir.File("1.png"), dir.File("2.png"), dir.File("gone.png"), dir.File("3.png"), dir.File("4.jpg"), dir.File("5.png")];
        using var engine = EngineFactory.Create(maxBatchSize: 2);
        var predictor = new FilePredictor(engine, new ImageLimits(), batchSize: 2);

        var rows = await predictor.PredictAsync(files).ToListAsync();

        Assert.Equal(files, rows.Select(r => r.File));
        Assert.Equal(
            [PredictionStatus.Ok, PredictionStatus.Rejected, PredictionStatus.Unreadable, PredictionStatus.Ok, PredictionStatus.Rejected, PredictionStatus.Ok],
            rows.Select(r => r.Status));
        Assert.Equal(nameof(FileNotFoundException), rows[2].Reason);
        Assert.Equal(nameof(ImageRejectionReason.Empty), rows[4].Reason);
        foreach (var ok in rows.Where(r => r.Status == PredictionStatus.Ok))
        {
            Assert.InRange(ok.ProbabilityFractured!.Value, 0f, 1f);
            Assert.Contains(ok.Label, engine.Model.ClassNames);
            Assert.True(ok.Milliseconds > 0);
            Assert.Equal(engine.Model.VersionLabel, ok.ModelVersion);
        }
    }

    [Fact]
    public async Task A_file_over_the_byte_limit_is_rejected_without_being_read()
    {
        using var dir = new TempDirectory();
        var big = TestImages.Png(1, 64, 64);
        File.WriteAllBytes(dir.File("big.png"), big);
        using var engine = EngineFactory.Create();
        var predictor = new FilePredictor(engine, new ImageLimits { MaxBytes = big.Length - 1 });

        var row = Assert.Single(await predictor.PredictAsync([dir.File("big.png")]).ToListAsync());

        Assert.Equal(PredictionStatus.Rejected, row.Status);
        Assert.Equal(nameof(ImageRejectionReason.TooLarge), row.Reason);
        Assert.Contains($"{big.Length:N0} bytes", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_heatmaps_every_classified_file_gets_an_overlay_of_its_own_size_and_a_box_inside_it()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        File.WriteAllBytes(dir.File("a/1.png"), TestImages.Png(1));
        File.WriteAllBytes(dir.File("b/1.png"), TestImages.Png(2, 50, 20));
        File.WriteAllBytes(dir.File("2.png"), TestImages.Garbage());
        string[] files = [dir.File("a/1.png"), dir.File("2.png"), dir.File("b/1.png")];
        using var engine = Heatmaps.TinyEfficientNets.Engine(imageSize: 64, maxBatchSize: 2);
        var writer = new HeatmapWriter(engine, dir.File("heat"), new ImageLimits());
        var predictor = new FilePredictor(engine, new ImageLimits(), batchSize: 2, writer);

        var rows = await predictor.PredictAsync(files).ToListAsync();

        Assert.Equal([PredictionStatus.Ok, PredictionStatus.Rejected, PredictionStatus.Ok], rows.Select(r => r.Status));
        Assert.Null(rows[1].Heatmap);
        // Same file name from two folders: neither overlay overwrites the other.
        Assert.Equal(dir.File("heat/1.heatmap.png"), rows[0].Heatmap);
        Assert.Equal(dir.File("heat/1-2.heatmap.png"), rows[2].Heatmap);
        foreach (var (row, size) in new[] { (rows[0], (40, 32)), (rows[2], (50, 20)) })
        {
            var info = SixLabors.ImageSharp.Image.Identify(row.Heatmap!);
            Assert.Equal(size, (info.Width, info.Height));
            if (row.Box is { } box)
                Assert.True(box.X + box.Width <= size.Item1 && box.Y + box.Height <= size.Item2, $"box {box}");
        }
    }
}
