using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Models;

/// <summary>
/// EfficientNet B0…B7 with torchvision 0.14's module tree and state_dict names: <c>features.0</c> stem,
/// <c>features.1 … features.7</c> MBConv stages, <c>features.8</c> 1×1 head convolution, <c>avgpool</c>, and
/// <c>classifier.0</c> dropout + <c>classifier.1</c> linear. torchvision <c>.pth</c> state dicts load by name.
/// </summary>
public sealed class EfficientNet : FeatureClassifier
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;
    private readonly int _featureCount;
    private readonly int _numClasses;

    public EfficientNet(EfficientNetConfig config) : base($"efficientnet_{config.Variant.ToName()}")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;

        var eps = config.BatchNormEpsilon;
        var momentum = config.BatchNormMomentum;
        var stages = config.Stages();
        var tfSame = config.Padding == EfficientNetPadding.TfSame;
        var imageSize = config.ResolvedPaddingImageSize;

        ConvPadding PaddingFor(int kernel, int stride) =>
            tfSame ? ConvPadding.TfSame(imageSize, kernel, stride) : ConvPadding.Symmetric(kernel);

        var layers = new List<nn.Module<Tensor, Tensor>>(stages.Count + 2)
        {
            new Conv2dNormActivation(3, config.StemChannels, 3, PaddingFor(3, 2), eps, momentum, stride: 2),
        };
        imageSize = ConvPadding.TfSameOutputSize(imageSize, 2);

        var totalBlocks = stages.Sum(s => s.Layers);
        var blockId = 0;
        foreach (var stage in stages)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>(stage.Layers);
            for (var i = 0; i < stage.Layers; i++)
            {
                var first = i == 0;
                var stride = first ? stage.Stride : 1;
                var input = first ? stage.InputChannels : stage.OutputChannels;
                // Linearly increasing drop probability over all blocks of the network, as torchvision.
                var sdProb = config.StochasticDepthProbability * blockId / totalBlocks;
                var allowResidual = !first || config.Flavor == EfficientNetFlavor.Torchvision;
                blocks.Add(new MBConv(input, stage.OutputChannels, stage.ExpandRatio, stage.Kernel, stride, PaddingFor(stage.Kernel, stride), sdProb, allowResidual, eps, momentum));
                if (first)
                    imageSize = ConvPadding.TfSameOutputSize(imageSize, stride);
                blockId++;
            }
            layers.Add(nn.Sequential(blocks));
        }

        _featureCount = config.HeadChannels;
        layers.Add(new Conv2dNormActivation(stages[^1].OutputChannels, _featureCount, 1, default, eps, momentum));

        features = nn.Sequential(layers);
        avgpool = nn.AdaptiveAvgPool2d(1);
        _numClasses = config.NumClasses;
        classifier = nn.Sequential(nn.Dropout(config.DropoutRate), nn.Linear(_featureCount, _numClasses));
        RegisterComponents();
        InitialiseWeights();
    }

    public EfficientNetConfig Config { get; }

    public override int FeatureCount => _featureCount;

    public override int NumClasses => _numClasses;

    public override nn.Module Backbone => features;

    public override nn.Module Head => classifier;

    /// <summary>The linear layer of the head (<c>classifier.1</c>).</summary>
    public Linear Classifier => (Linear)classifier[1];

    /// <summary>Folds every BatchNorm into its convolution.</summary>
    public override void OptimiseForInference(InferenceOptimisations optimisations)
    {
        ArgumentNullException.ThrowIfNull(optimisations);
        if (training)
            throw new InvalidOperationException("Optimise the model for inference in eval mode.");
        if (optimisations.FoldBatchNorm)
        {
            foreach (var block in modules().OfType<Conv2dNormActivation>())
                block.FoldBatchNorm();
        }
    }

    public override Tensor ForwardFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        return PoolFeatureMaps(features.forward(images)).MoveToOuterDisposeScope();
    }

    public override bool HasFeatureMaps => true;

    /// <summary>The output of <c>features.8</c>, the 1×1 head convolution (+BN+SiLU) after the last MBConv stage.</summary>
    public override Tensor ForwardFeatureMaps(Tensor images) => features.forward(images);

    public override Tensor PoolFeatureMaps(Tensor maps)
    {
        using var scope = NewDisposeScope();
        return avgpool.forward(maps).flatten(1).MoveToOuterDisposeScope();
    }

    public override Tensor ForwardHead(Tensor features) => classifier.forward(features);

    /// <summary>Re-draws the head's weights with torchvision's initialisation (used when importing a backbone only).</summary>
    public void ResetHead()
    {
        using var _ = no_grad();
        InitLinear(Classifier);
    }

    // torchvision: kaiming-normal (fan_out) convolutions, unit BatchNorm, uniform ±1/√out linear layers, zero biases.
    private void InitialiseWeights()
    {
        using var _ = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut);
                    if (conv.bias is not null)
                        nn.init.zeros_(conv.bias);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
                case Linear linear:
                    InitLinear(linear);
                    break;
            }
        }
    }

    private static void InitLinear(Linear linear)
    {
        var range = 1.0 / Math.Sqrt(linear.out_features);
        nn.init.uniform_(linear.weight!, -range, range);
        if (linear.bias is not null)
            nn.init.zeros_(linear.bias);
    }
}
