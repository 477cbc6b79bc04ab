using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Import;
using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Import;

public sealed class ImportErrorTests
{
    private static readonly string TinyTorchvision = FixturePath.Of("torchvision", "tv-b0-w025-d03-64.weights.pth");

    private static WeightImportOptions Tiny(double depth = 0.3, double width = 0.25) => new()
    {
        Format = WeightsFormat.Torchvision,
        Variant = EfficientNetVariant.B0,
        Width = width,
        Depth = depth,
    };

    [Fact]
    public void Legacy_torch_save_file_is_rejected_with_the_conversion_command()
    {
        var path = FixturePath.Of("torchvision", "legacy-format.pth");
        var error = Assert.Throws<LegacyTorchSaveFormatException>(() => WeightImporter.Import(path, Tiny()));
        Assert.Contains(
            "python -c \"import torch; torch.save(torch.load('old.pth'), 'new.pth', _use_new_zipfile_serialization=True)\"",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void A_file_that_is_not_a_torch_save_archive_is_rejected()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("notes.pth"), "not a model");
        var error = Assert.Throws<UnsupportedWeightsFileException>(() => WeightImporter.Import(dir.File("notes.pth"), Tiny()));
        Assert.Contains("not a PyTorch file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_the_file_lacks_are_listed_by_name()
    {
        // Depth 0.5 gives stages 4–6 a second block that the depth-0.3 file does not have.
        var error = Assert.Throws<StateDictMismatchException>(() => WeightImporter.Import(TinyTorchvision, Tiny(depth: 0.5)));
        Assert.Contains("features.4.1.block.0.0.weight", error.MissingKeys);
        Assert.Contains("features.4.1.block.0.0.weight", error.Message, StringComparison.Ordinal);
        Assert.Empty(error.ShapeMismatches);
    }

    [Fact]
    public void Keys_the_model_does_not_have_are_listed_by_name()
    {
        // Depth 0.2 leaves stage 6 with one block; the file has two.
        var error = Assert.Throws<StateDictMismatchException>(() => WeightImporter.Import(TinyTorchvision, Tiny(depth: 0.2)));
        Assert.Contains("features.6.1.block.3.1.running_var", error.UnexpectedKeys);
        Assert.Empty(error.MissingKeys);
        Assert.Contains("features.6.1.block.3.1.running_var", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_mismatches_are_listed_with_both_shapes()
    {
        var error = Assert.Throws<StateDictMismatchException>(() => WeightImporter.Import(TinyTorchvision, Tiny(width: 0.5)));
        var stem = Assert.Single(error.ShapeMismatches, m => m.Key == "features.0.0.weight");
        Assert.Equal([16L, 3, 3, 3], stem.Expected);
        Assert.Equal([8L, 3, 3, 3], stem.Actual);
        Assert.Contains("features.0.0.weight: model [16, 3, 3, 3], file [8, 3, 3, 3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Efficientnet_pytorch_names_given_as_torchvision_get_a_format_hint()
    {
        var path = FixturePath.Of("efficientnet-pytorch", "efficientnet-b0-s5-96.pth");
        var error = Assert.Throws<StateDictMismatchException>(() => WeightImporter.Import(path, Tiny()));
        Assert.Contains("use --format efficientnet-pytorch", error.Message, StringComparison.Ordinal);
        Assert.Contains("_conv_stem.weight", error.UnexpectedKeys);
    }

    [Fact]
    public void Wrong_variant_is_reported_with_the_variant_the_shapes_match()
    {
        using var dir = new TempDirectory();
        var path = dir.File("efficientnet_b0.pth");
        using (var b0 = new EfficientNet(EfficientNetConfig.Torchvision(EfficientNetVariant.B0, numClasses: 2)))
            b0.save_py(path);

        var error = Assert.Throws<StateDictMismatchException>(() => WeightImporter.Import(path, new WeightImportOptions
        {
            Format = WeightsFormat.Torchvision,
            Variant = EfficientNetVariant.B2,
        }));

        Assert.Equal("b0", error.SuggestedVariant);
        Assert.Contains("try --variant b0", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.ShapeMismatches);
    }

    [Fact]
    public void Variant_guess_reads_stem_head_and_block_count_in_either_naming()
    {
        var config = EfficientNetConfig.EfficientNetPyTorch(EfficientNetVariant.B6, numClasses: 2);
        var names = new EfficientNetPyTorchNames(config);
        using var model = new EfficientNet(config);
        var torchvisionShapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var efficientnetPyTorchShapes = torchvisionShapes.ToDictionary(kv => names.ToEfficientNetPyTorch(kv.Key)!, kv => kv.Value);

        foreach (var shapes in new[] { torchvisionShapes, efficientnetPyTorchShapes })
        {
            var guess = VariantGuess.FromShapes(shapes);
            Assert.Equal(new VariantGuess(56, 2304, 45, 2), guess);
            Assert.Equal(EfficientNetVariant.B6, guess.Variant);
        }
    }

    [Fact]
    public void Labels_without_the_positive_label_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => WeightImporter.Import(TinyTorchvision, Tiny() with { ClassNames = ["normal", "broken"] }));
        Assert.Contains("'fractured'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_in_an_efficientnet_pytorch_file_are_named_in_its_own_naming()
    {
        // Depth 0.5 expects 10 blocks; the fixture has 8, so _blocks.8 and _blocks.9 are missing.
        var path = FixturePath.Of("efficientnet-pytorch", "efficientnet-b0-s5-96.pth");
        var error = Assert.Throws<StateDictMismatchException>(() => WeightImporter.Import(path, new WeightImportOptions
        {
            Format = WeightsFormat.EfficientNetPyTorch,
            Variant = EfficientNetVariant.B0,
            Width = 0.25,
            Depth = 0.5,
            PaddingImageSize = 96,
        }));

        Assert.Contains("_blocks.9._project_conv.weight", error.MissingKeys);
        Assert.All(error.MissingKeys, k => Assert.StartsWith("_blocks.", k, StringComparison.Ordinal));
        Assert.All(error.ShapeMismatches, m => Assert.StartsWith("_", m.Key, StringComparison.Ordinal));
    }
}
