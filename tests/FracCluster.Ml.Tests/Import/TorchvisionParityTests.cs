using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Import;
using FracCluster.Ml.Models;

namespace FracCluster.Ml.Tests.Import;

/// <summary>Parity with torchvision 0.14.1: fixtures made by Fixtures/make_torchvision_fixtures.py.</summary>
public sealed class TorchvisionParityTests
{
    private const double Tolerance = 1e-4;

    private static string Fixture(string name) => FixturePath.Of("torchvision", name);

    private static WeightImportOptions Options(EfficientNetVariant variant) => new()
    {
        Format = WeightsFormat.Torchvision,
        Variant = variant,
        Width = 0.25,
        Depth = 0.3,
    };

    [Theory]
    [InlineData("tv-b0-w025-d03-64", EfficientNetVariant.B0)]
    [InlineData("tv-b5bn-w025-d03-72", EfficientNetVariant.B5)]
    public void Torchvision_state_dict_loads_by_name_and_matches_logits_and_features(string name, EfficientNetVariant variant)
    {
        using var imported = WeightImporter.Import(Fixture(name + ".weights.pth"), Options(variant));
        Assert.False(imported.HeadReplaced);
        Assert.Equal("symmetric", imported.Metadata.PaddingMode);

        var verification = ImportVerifier.Verify(imported.Model, Fixture(name + ".io.pth"), Tolerance);

        Assert.True(verification.MaxAbsLogitDifference <= Tolerance, $"logits differ by {verification.MaxAbsLogitDifference}");
        Assert.True(verification.MaxAbsFeatureDifference <= Tolerance, $"features differ by {verification.MaxAbsFeatureDifference}");
    }

    [Fact]
    public void B5_batch_norm_settings_matter_for_parity()
    {
        // The same weights with B0's BatchNorm eps (1e-5 instead of 1e-3) must not pass: the variant's BN is part of the model.
        using var imported = WeightImporter.Import(Fixture("tv-b5bn-w025-d03-72.weights.pth"), Options(EfficientNetVariant.B0));
        var verification = ImportVerifier.Verify(imported.Model, Fixture("tv-b5bn-w025-d03-72.io.pth"));
        Assert.True(verification.MaxAbsFeatureDifference > Tolerance, $"features differ by only {verification.MaxAbsFeatureDifference}");
    }

    [Fact]
    public void A_head_with_another_class_count_is_replaced_by_a_fresh_two_class_head()
    {
        using var imported = WeightImporter.Import(Fixture("tv-b0-w025-d03-10class-64.weights.pth"), Options(EfficientNetVariant.B0));

        Assert.True(imported.HeadReplaced);
        Assert.Equal(10, imported.SourceClasses);
        Assert.Equal(2, imported.Model.NumClasses);
        Assert.Equal(["fractured", "non_fractured"], imported.Metadata.ClassNames);
        Assert.Equal(0, imported.Metadata.PositiveClass);
        Assert.Equal("replaced", imported.Metadata.Training["head"]);
        // The backbone is the file's: features still match torchvision.
        var reference = PyTorchFileReader.ReadTensors(Fixture("tv-b0-w025-d03-10class-64.io.pth"));
        using var features = imported.Model.ForwardFeatures(reference["input"]);
        Assert.True(features.allclose(reference["features"], rtol: 0, atol: Tolerance));
    }

    [Fact]
    public void Keep_head_keeps_the_files_outputs_so_the_import_can_be_verified()
    {
        using var imported = WeightImporter.Import(Fixture("tv-b0-w025-d03-10class-64.weights.pth"), Options(EfficientNetVariant.B0) with { KeepHead = true });

        Assert.False(imported.HeadReplaced);
        Assert.Equal(10, imported.Model.NumClasses);
        Assert.Equal("class_9", imported.Metadata.ClassNames[9]);
        Assert.True(ImportVerifier.Verify(imported.Model, Fixture("tv-b0-w025-d03-10class-64.io.pth")).Passed);
    }

    [Fact]
    public void Explicit_labels_are_kept_in_the_given_order()
    {
        using var imported = WeightImporter.Import(
            Fixture("tv-b0-w025-d03-64.weights.pth"),
            Options(EfficientNetVariant.B0) with { ClassNames = ["non_fractured", "fractured"] });

        Assert.Equal(["non_fractured", "fractured"], imported.Metadata.ClassNames);
        Assert.Equal(1, imported.Metadata.PositiveClass);
    }
}
