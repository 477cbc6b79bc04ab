using System.Text.Json;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Import;
using FracCluster.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Import;

public sealed class EfficientNetPyTorchFixtureTests
{
    private const double Tolerance = 1e-4;

    // efficientnet-pytorch's EfficientNet.from_name('efficientnet-b0', width_coefficient=0.25, depth_coefficient=0.3, image_size=96, num_classes=2).
    private static readonly WeightImportOptions FixtureOptions = new()
    {
        Format = WeightsFormat.EfficientNetPyTorch,
        Variant = EfficientNetVariant.B0,
        Width = 0.25,
        Depth = 0.3,
        PaddingImageSize = 96,
        InputSize = 96,
    };

    private static string Fixture(string name) => FixturePath.Of("efficientnet-pytorch", name);

    [Fact]
    public void Efficientnet_pytorch_fixture_matches_its_logits_and_features_in_eval_mode()
    {
        using var imported = WeightImporter.Import(Fixture("efficientnet-b0-s5-96.pth"), FixtureOptions);
        Assert.False(imported.HeadReplaced);
        Assert.Equal(["fractured", "non_fractured"], imported.Metadata.ClassNames);

        var verification = ImportVerifier.Verify(imported.Model, Fixture("efficientnet-b0-s5-96.io.pth"), Tolerance);

        Assert.True(verification.MaxAbsLogitDifference <= Tolerance, $"logits differ by {verification.MaxAbsLogitDifference}");
        Assert.NotNull(verification.MaxAbsFeatureDifference);
        Assert.True(verification.MaxAbsFeatureDifference <= Tolerance, $"features differ by {verification.MaxAbsFeatureDifference}");
        Assert.True(verification.Passed);
    }

    [Fact]
    public void Efficientnet_pytorch_fixture_survives_a_checkpoint_round_trip()
    {
        using var dir = new TempDirectory();
        var written = WeightImporter.ImportToCheckpoint(Fixture("efficientnet-b0-s5-96.pth"), FixtureOptions, dir.File("fixture"));
        Assert.Equal(ModelCheckpoint.Sha256Hex(Fixture("efficientnet-b0-s5-96.pth")), written.SourceWeightsSha256);

        using var loaded = ModelCheckpoint.Load(dir.File("fixture"));
        var verification = ImportVerifier.Verify(loaded.Model, Fixture("efficientnet-b0-s5-96.io.pth"));
        Assert.True(verification.Passed, $"logits differ by {verification.MaxAbsLogitDifference}, features by {verification.MaxAbsFeatureDifference}");
    }

    [Fact]
    public void Efficientnet_pytorch_names_of_a_2_class_b6_are_exactly_the_reference_keys_and_shapes()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("efficientnet-b6-2class-keys.json")));
        var expected = doc.RootElement.GetProperty("keys").EnumerateArray()
            .Select(e => (Key: e[0].GetString()!, Shape: e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray()))
            .ToList();

        var config = EfficientNetConfig.EfficientNetPyTorch(EfficientNetVariant.B6, numClasses: 2);
        var names = new EfficientNetPyTorchNames(config);
        using var model = new EfficientNet(config);
        var actual = model.state_dict()
            .Select(kv => (Key: names.ToEfficientNetPyTorch(kv.Key) ?? $"<unmapped {kv.Key}>", Shape: kv.Value.shape))
            .ToList();

        Assert.Equal(expected.Select(e => e.Key).Order(StringComparer.Ordinal), actual.Select(a => a.Key).Order(StringComparer.Ordinal));
        var actualShapes = actual.ToDictionary(a => a.Key, a => a.Shape);
        foreach (var (key, shape) in expected)
        {
            // num_batches_tracked is a 0-d tensor in PyTorch (shape []); both sides agree on that.
            Assert.True(shape.SequenceEqual(actualShapes[key]), $"{key}: expected [{string.Join(", ", shape)}], got [{string.Join(", ", actualShapes[key])}]");
        }
        Assert.Equal(528, config.ResolvedPaddingImageSize);
    }

    [Theory]
    [InlineData(EfficientNetPadding.Symmetric, null)]
    [InlineData(EfficientNetPadding.TfSame, 97)]
    public void The_fixture_needs_tf_same_padding_for_its_own_image_size(EfficientNetPadding padding, int? imageSize)
    {
        // Guards the parity test against passing by accident: other padding gives clearly different logits.
        using var imported = WeightImporter.Import(Fixture("efficientnet-b0-s5-96.pth"), FixtureOptions with { Padding = padding, PaddingImageSize = imageSize });
        var verification = ImportVerifier.Verify(imported.Model, Fixture("efficientnet-b0-s5-96.io.pth"));
        Assert.True(verification.MaxAbsLogitDifference > 1e-3, $"logits differ by only {verification.MaxAbsLogitDifference}");
    }
}
