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
}
