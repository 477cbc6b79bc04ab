using FracCluster.Cli;
using FracCluster.Ml.Checkpoints;

namespace FracCluster.Ml.Tests.Cli;

public sealed class ModelCommandsTests
{
    private static readonly string EfficientNetPyTorchWeights = FixturePath.Of("efficientnet-pytorch", "efficientnet-b0-s5-96.pth");
    private static readonly string EfficientNetPyTorchReference = FixturePath.Of("efficientnet-pytorch", "efficientnet-b0-s5-96.io.pth");

    private static int Run(params string[] args) => FracApp.Build().Run(args);

    [Fact]
    public void Import_then_verify_passes_for_the_efficientnet_pytorch_fixture()
    {
        using var dir = new TempDirectory();
        var ckpt = dir.File("seed");

        var importCode = Run("import-weights", EfficientNetPyTorchWeights, "--format", "efficientnet-pytorch", "--variant", "b0",
            "--width", "0.25", "--depth", "0.3", "--image-size", "96", "--labels", "fractured,non_fractured", "--out", ckpt);

        Assert.Equal(0, importCode);
        var metadata = ModelCheckpoint.ReadMetadata(ckpt);
        Assert.Equal(["fractured", "non_fractured"], metadata.ClassNames);
        Assert.Equal("tf-same", metadata.PaddingMode);
        Assert.Equal(0, Run("verify-import", "--checkpoint", ckpt, "--reference", EfficientNetPyTorchReference));
    }

    [Fact]
    public void Verify_fails_with_exit_code_1_when_outputs_differ()
    {
        using var dir = new TempDirectory();
        var ckpt = dir.File("symmetric");
        // Same weights, torchvision padding: the outputs move well beyond 1e-4.
        Assert.Equal(0, Run("import-weights", EfficientNetPyTorchWeights, "--format", "efficientnet-pytorch", "--variant", "b0",
            "--width", "0.25", "--depth", "0.3", "--padding", "symmetric", "--out", ckpt));

        Assert.Equal(1, Run("verify-import", "--checkpoint", ckpt, "--reference", EfficientNetPyTorchReference));
    }

    [Fact]
    public void Import_of_a_legacy_file_fails_without_writing_a_checkpoint()
    {
        using var dir = new TempDirectory();
        var code = Run("import-weights", FixturePath.Of("torchvision", "legacy-format.pth"), "--format", "torchvision", "--variant", "b0", "--out", dir.File("x"));
        Assert.Equal(2, code);
        Assert.False(CheckpointPaths.From(dir.File("x")).Exists);
    }

    [Fact]
    public void Verify_of_a_missing_checkpoint_is_an_error_not_a_failure()
    {
        using var dir = new TempDirectory();
        Assert.Equal(2, Run("verify-import", "--checkpoint", dir.File("none"), "--reference", EfficientNetPyTorchReference));
    }
}
