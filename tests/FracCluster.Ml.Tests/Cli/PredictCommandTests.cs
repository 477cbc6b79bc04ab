using FracCluster.Cli;
using FracCluster.Cli.Commands;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using FracCluster.Ml.Tests.Inference;

namespace FracCluster.Ml.Tests.Cli;

public sealed class PredictCommandTests
{
    [Fact]
    public async Task A_run_with_unreadable_files_still_succeeds()
    {
        using var dir = new TempDirectory();
        var checkpoint = SaveTinyCheckpoint(dir);
        Directory.CreateDirectory(dir.File("scans"));
        File.WriteAllBytes(dir.File("scans/a.png"), TestImages.Png(1));
        File.WriteAllBytes(dir.File("scans/b.png"), TestImages.Garbage());

        var exitCode = await FracApp.Build().RunAsync(["predict", "--checkpoint", checkpoint, dir.File("scans"), "--json"]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task A_missing_input_path_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        var checkpoint = SaveTinyCheckpoint(dir);

        var exitCode = await FracApp.Build().RunAsync(["predict", "--checkpoint", checkpoint, dir.File("nothing-here")]);

        Assert.Equal(PredictCommand.UsageError, exitCode);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_loaded_fails_with_its_own_exit_code()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.png"), TestImages.Png(1));

        var exitCode = await FracApp.Build().RunAsync(["predict", "--checkpoint", dir.File("missing-model"), dir.File("a.png")]);

        Assert.Equal(PredictCommand.CheckpointError, exitCode);
    }

    private static string SaveTinyCheckpoint(TempDirectory dir)
    {
        var config = new EfficientNetConfig { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };
        using var model = new EfficientNet(config);
        var metadata = ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], positiveClass: 0, PreprocessOptions.ImageNet(64));
        ModelCheckpoint.Save(model, metadata, dir.File("tiny"));
        return dir.File("tiny");
    }
}
