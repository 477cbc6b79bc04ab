using FracCluster.Ml.Import;
using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Models;

public sealed class InferenceOptimisationTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Optimised_torchvision_model_gives_the_unfused_logits()
    {
        var config = EfficientNetConfig.Torchvision(EfficientNetVariant.B0, numClasses: 2) with { Width = 0.25, Depth = 0.3 };
        AssertSameLogits(config, InferenceOptimisations.All, imageSize: 64);
    }

    [Fact]
    public void Optimised_tf_same_model_gives_the_unfused_logits()
    {
        // efficientnet-pytorch's flavour pads lopsidedly before some convolutions: the path with an explicit pad op.
        var config = EfficientNetConfig.Torchvision(EfficientNetVariant.B0, numClasses: 2) with
        {
            Width = 0.25,
            Depth = 0.3,
            Padding = EfficientNetPadding.TfSame,
            PaddingImageSize = 72,
            Flavor = EfficientNetFlavor.EfficientNetPyTorch,
        };
        AssertSameLogits(config, InferenceOptimisations.All, imageSize: 72);
    }

    [Theory]
    [InlineData("torchvision", "tv-b0-w025-d03-64", EfficientNetVariant.B0)]
    [InlineData("torchvision", "tv-b5bn-w025-d03-72", EfficientNetVariant.B5)]
    public void Optimised_torchvision_import_matches_the_pytorch_fixture(string folder, string name, EfficientNetVariant variant)
    {
        var options = new WeightImportOptions { Format = WeightsFormat.Torchvision, Variant = variant, Width = 0.25, Depth = 0.3 };
        using var imported = WeightImporter.Import(FixturePath.Of(folder, name + ".weights.pth"), options);
        imported.Model.eval();
        imported.Model.OptimiseForInference(InferenceOptimisations.All);

        var verification = ImportVerifier.Verify(imported.Model, FixturePath.Of(folder, name + ".io.pth"), Tolerance);

        Assert.True(verification.Passed, $"logits differ by {verification.MaxAbsLogitDifference}, features by {verification.MaxAbsFeatureDifference}");
    }

    [Fact]
    public void Optimised_efficientnet_pytorch_import_matches_the_pytorch_fixture()
    {
        var options = new WeightImportOptions
        {
            Format = WeightsFormat.EfficientNetPyTorch,
            Variant = EfficientNetVariant.B0,
            Width = 0.25,
            Depth = 0.3,
            PaddingImageSize = 96,
            InputSize = 96,
        };
        using var imported = WeightImporter.Import(FixturePath.Of("efficientnet-pytorch", "efficientnet-b0-s5-96.pth"), options);
        imported.Model.eval();
        imported.Model.OptimiseForInference(InferenceOptimisations.All);

        var verification = ImportVerifier.Verify(imported.Model, FixturePath.Of("efficientnet-pytorch", "efficientnet-b0-s5-96.io.pth"), Tolerance);

        Assert.True(verification.Passed, $"logits differ by {verification.MaxAbsLogitDifference}, features by {verification.MaxAbsFeatureDifference}");
    }

    [Fact]
    public void Folding_gives_every_block_a_bias_and_leaves_the_state_dict_keys_alone()
    {
        using var model = new EfficientNet(EfficientNetConfig.Torchvision(EfficientNetVariant.B0, numClasses: 2) with { Width = 0.25, Depth = 0.3 });
        var keys = model.state_dict().Keys.ToList();
        model.eval();

        model.OptimiseForInference(InferenceOptimisations.All);

        Assert.All(model.modules().OfType<Conv2dNormActivation>(), block => Assert.True(block.IsBatchNormFolded));
        Assert.Equal(keys, model.state_dict().Keys);
    }

    [Fact]
    public void A_folded_model_refuses_training_mode()
    {
        using var model = new EfficientNet(EfficientNetConfig.Torchvision(EfficientNetVariant.B0, numClasses: 2) with { Width = 0.25, Depth = 0.3 });
        model.eval();
        model.OptimiseForInference(InferenceOptimisations.All);

        var error = Assert.Throws<InvalidOperationException>(() => model.train());

        Assert.Contains("load the checkpoint again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimising_in_training_mode_is_refused()
    {
        using var model = new EfficientNet(EfficientNetConfig.Torchvision(EfficientNetVariant.B0, numClasses: 2) with { Width = 0.25, Depth = 0.3 });

        Assert.Throws<InvalidOperationException>(() => model.OptimiseForInference(InferenceOptimisations.All));
        Assert.DoesNotContain(model.modules().OfType<Conv2dNormActivation>(), block => block.IsBatchNormFolded);
    }

    // The reference runs with autograd on (eval mode, no inference_mode): the plain out-of-place path, BatchNorm as a
    // separate op. Running statistics and affine parameters are randomised so that folding has something to fold.
    private static void AssertSameLogits(EfficientNetConfig config, InferenceOptimisations optimisations, int imageSize)
    {
        using var model = new EfficientNet(config);
        RandomiseBatchNorm(model, seed: 7);
        model.eval();
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var images = randn(3, 3, imageSize, imageSize, generator: generator);
        var expectedFeatures = model.ForwardFeatures(images).detach();
        var expectedLogits = model.ForwardHead(expectedFeatures).detach();

        model.OptimiseForInference(optimisations);
        Tensor features, logits;
        using (inference_mode())
        {
            features = model.ForwardFeatures(images);
            logits = model.ForwardHead(features);
        }

        var featureDifference = (features - expectedFeatures).abs().max().item<float>();
        var logitDifference = (logits - expectedLogits).abs().max().item<float>();
        Assert.True(featureDifference <= Tolerance, $"features differ by {featureDifference} with {optimisations}");
        Assert.True(logitDifference <= Tolerance, $"logits differ by {logitDifference} with {optimisations}");
        Assert.True(expectedFeatures.abs().max().item<float>() > 1e-2, "the reference features are all but zero: the comparison would prove nothing");
    }

    private static void RandomiseBatchNorm(EfficientNet model, int seed)
    {
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        foreach (var norm in model.modules().OfType<BatchNorm2d>())
        {
            norm.running_mean!.normal_(0, 0.2, generator);
            norm.running_var!.uniform_(0.5, 2.0, generator);
            norm.weight!.uniform_(0.5, 1.5, generator);
            norm.bias!.normal_(0, 0.2, generator);
        }
    }
}
