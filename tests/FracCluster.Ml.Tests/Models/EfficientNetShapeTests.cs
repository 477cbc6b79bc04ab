using FracCluster.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Models;

public sealed class EfficientNetShapeTests
{
    public static TheoryData<EfficientNetVariant, int, int, int> Variants => new()
    {
        // variant, stem width, feature width, MBConv block count (torchvision's efficientnet_bN)
        { EfficientNetVariant.B0, 32, 1280, 16 },
        { EfficientNetVariant.B1, 32, 1280, 23 },
        { EfficientNetVariant.B2, 32, 1408, 23 },
        { EfficientNetVariant.B3, 40, 1536, 26 },
        { EfficientNetVariant.B4, 48, 1792, 32 },
        { EfficientNetVariant.B5, 48, 2048, 39 },
        { EfficientNetVariant.B6, 56, 2304, 45 },
        { EfficientNetVariant.B7, 64, 2560, 55 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_has_torchvision_widths_and_depths(EfficientNetVariant variant, int stem, int featureWidth, int blocks)
    {
        var config = EfficientNetConfig.Torchvision(variant, numClasses: 2);
        Assert.Equal(stem, config.StemChannels);
        Assert.Equal(featureWidth, config.HeadChannels);
        Assert.Equal(blocks, config.BlockCount);
        // efficientnet-pytorch's round_filters(1280) gives the same head width for every standard variant.
        Assert.Equal(featureWidth, (config with { Flavor = EfficientNetFlavor.EfficientNetPyTorch }).HeadChannels);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_builds_with_its_feature_width_and_classifier(EfficientNetVariant variant, int stem, int featureWidth, int blocks)
    {
        using var model = new EfficientNet(EfficientNetConfig.Torchvision(variant, numClasses: 3));
        Assert.Equal(featureWidth, model.FeatureCount);
        Assert.Equal(3, model.NumClasses);
        var shapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.Equal([stem, 3, 3, 3], shapes["features.0.0.weight"]);
        Assert.Equal([featureWidth], shapes["features.8.1.running_var"]);
        Assert.Equal([3, featureWidth], shapes["classifier.1.weight"]);
        var blockCount = shapes.Keys.Where(k => k.EndsWith(".block.1.0.weight", StringComparison.Ordinal) || k.EndsWith(".block.0.0.weight", StringComparison.Ordinal))
            .Select(k => string.Join('.', k.Split('.').Take(3))).Distinct().Count();
        Assert.Equal(blocks, blockCount);
    }

    [Theory]
    [InlineData(EfficientNetVariant.B0)]
    [InlineData(EfficientNetVariant.B1)]
    public void Small_variants_map_an_image_batch_to_features_and_logits(EfficientNetVariant variant)
    {
        using var model = new EfficientNet(EfficientNetConfig.Torchvision(variant, numClasses: 2));
        model.eval();
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var x = randn(2, 3, 64, 64);
        var features = model.ForwardFeatures(x);
        Assert.Equal([2, 1280], features.shape);
        Assert.Equal([2, 2], model.ForwardHead(features).shape);
        Assert.Equal([2, 2], model.forward(x).shape);
    }

    [Fact]
    public void Torchvision_b6_with_1000_classes_has_43_040_704_parameters()
    {
        using var model = new EfficientNet(EfficientNetConfig.Torchvision(EfficientNetVariant.B6));
        var count = model.parameters().Sum(p => p.numel());
        Assert.Equal(43_040_704L, count);
    }

    [Fact]
    public void Batch_norm_follows_torchvision_per_variant_and_efficientnet_pytorch_everywhere()
    {
        Assert.Equal(1e-5, EfficientNetConfig.Torchvision(EfficientNetVariant.B4).BatchNormEpsilon);
        Assert.Equal(0.1, EfficientNetConfig.Torchvision(EfficientNetVariant.B4).BatchNormMomentum);
        Assert.Equal(1e-3, EfficientNetConfig.Torchvision(EfficientNetVariant.B5).BatchNormEpsilon);
        Assert.Equal(0.01, EfficientNetConfig.Torchvision(EfficientNetVariant.B7).BatchNormMomentum);
        Assert.Equal(1e-3, EfficientNetConfig.EfficientNetPyTorch(EfficientNetVariant.B0).BatchNormEpsilon);
        Assert.Equal(0.01, EfficientNetConfig.EfficientNetPyTorch(EfficientNetVariant.B0).BatchNormMomentum);
    }

    [Fact]
    public void Dropout_before_the_classifier_follows_the_variant()
    {
        double[] expected = [0.2, 0.2, 0.3, 0.3, 0.4, 0.4, 0.5, 0.5];
        foreach (var variant in EfficientNetVariants.All)
            Assert.Equal(expected[(int)variant], EfficientNetConfig.Torchvision(variant).DropoutRate);
    }

    [Fact]
    public void Reset_head_redraws_the_classifier_with_torchvision_initialisation()
    {
        using var model = new EfficientNet(new EfficientNetConfig { Width = 0.25, Depth = 0.3, NumClasses = 4 });
        using (no_grad())
        {
            model.Classifier.weight!.fill_(5f);
            model.Classifier.bias!.fill_(5f);
        }

        model.ResetHead();

        var bound = 1.0 / Math.Sqrt(4);
        Assert.True(model.Classifier.weight!.abs().max().item<float>() <= bound);
        Assert.Equal(0f, model.Classifier.bias!.abs().max().item<float>());
    }
}
