using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Checkpoints;

public sealed class ModelCheckpointTests
{
    private static readonly EfficientNetConfig Tiny = new()
    {
        Variant = EfficientNetVariant.B0,
        Width = 0.25,
        Depth = 0.3,
        NumClasses = 2,
    };

    [Fact]
    public void Saved_checkpoint_loads_in_eval_mode_with_identical_outputs_and_metadata()
    {
        using var dir = new TempDirectory();
        using var model = new EfficientNet(Tiny with { Padding = EfficientNetPadding.TfSame, PaddingImageSize = 96, Flavor = EfficientNetFlavor.EfficientNetPyTorch });
        Calibrate(model);
        model.eval();
        var metadata = ModelFactory.CreateMetadata(model.Config, ["fractured", "non_fractured"], positiveClass: 0);

        var written = ModelCheckpoint.Save(model, metadata, dir.File("tiny"));

        Assert.True(File.Exists(dir.File("tiny.safetensors")));
        Assert.True(File.Exists(dir.File("tiny.json")));
        Assert.Equal(ModelCheckpoint.Sha256Hex(dir.File("tiny.safetensors")), written.WeightsSha256);

        using var loaded = ModelCheckpoint.Load(dir.File("tiny.json"));
        Assert.False(loaded.Model.training);
        Assert.Equal(written, loaded.Metadata with { ClassNames = written.ClassNames, Preprocess = written.Preprocess, Training = written.Training, Metrics = written.Metrics });
        Assert.Equal(["fractured", "non_fractured"], loaded.Metadata.ClassNames);
        Assert.Equal("tf-same", loaded.Metadata.PaddingMode);
        Assert.Equal(96, loaded.Metadata.PaddingImageSize);
        Assert.Equal("efficientnet-pytorch", loaded.Metadata.Flavor);
        Assert.Equal(0.25, loaded.Metadata.WidthMultiplier);

        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        manual_seed(7);
        var x = randn(2, 3, 96, 96);
        var expected = model.forward(x);
        var actual = loaded.Model.forward(x);
        Assert.Equal(0.0, (expected - actual).abs().max().item<float>());
    }

    [Fact]
    public void Checkpoint_round_trips_through_streams_as_for_a_blob_store()
    {
        using var model = new EfficientNet(Tiny);
        Calibrate(model);
        var metadata = ModelFactory.CreateMetadata(Tiny, ["fractured", "non_fractured"]);
        using var weights = new MemoryStream();
        using var json = new MemoryStream();

        var written = ModelCheckpoint.Save(model, metadata, weights, json);
        weights.Position = 0;
        json.Position = 0;
        using var loaded = ModelCheckpoint.Load(weights, json);

        Assert.Equal(written.WeightsSha256, loaded.Metadata.WeightsSha256);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var x = randn(1, 3, 64, 64);
        Assert.True(model.forward(x).allclose(loaded.Model.forward(x), rtol: 0, atol: 0));
    }

    [Fact]
    public void Changed_weights_file_is_rejected_by_its_sha256()
    {
        using var dir = new TempDirectory();
        using var model = new EfficientNet(Tiny);
        ModelCheckpoint.Save(model, ModelFactory.CreateMetadata(Tiny, ["fractured", "non_fractured"]), dir.File("m"));
        using (var stream = File.OpenWrite(dir.File("m.safetensors")))
        {
            stream.Seek(-1, SeekOrigin.End);
            stream.WriteByte(0x42);
        }

        var error = Assert.Throws<CheckpointCorruptException>(() => ModelCheckpoint.Load(dir.File("m")));
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_checkpoint_is_a_typed_error_naming_the_file()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<CheckpointNotFoundException>(() => ModelCheckpoint.Load(dir.File("nothing")));
        Assert.Equal(dir.File("nothing.json"), error.Path);
    }

    [Fact]
    public void Metadata_round_trips_through_the_factory()
    {
        var config = Tiny with { Padding = EfficientNetPadding.TfSame, PaddingImageSize = 528, Dropout = 0.3, NumClasses = 3 };
        var metadata = ModelFactory.CreateMetadata(config, ["a", "b", "c"], positiveClass: 2);
        Assert.Equal(config, ModelFactory.ToConfig(metadata));
    }

    [Fact]
    public void Metadata_with_an_unknown_variant_is_rejected_clearly()
    {
        var metadata = ModelFactory.CreateMetadata(Tiny, ["fractured", "non_fractured"]) with { Variant = "b9" };
        var error = Assert.Throws<CheckpointException>(() => ModelFactory.ToConfig(metadata));
        Assert.Contains("'b9'", error.Message, StringComparison.Ordinal);
    }

    // Random BatchNorm statistics so outputs depend on the input (fresh BN makes every sample look alike).
    internal static void Calibrate(EfficientNet model)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        manual_seed(1);
        model.train();
        for (var i = 0; i < 3; i++)
            model.forward(randn(4, 3, 96, 96));
        model.eval();
    }
}
