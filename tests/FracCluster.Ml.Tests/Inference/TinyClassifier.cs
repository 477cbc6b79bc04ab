using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Inference;

/// <summary>A few convolutions standing in for EfficientNet, so engine tests run in milliseconds.</summary>
internal sealed class TinyClassifier : FeatureClassifier
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    public TinyClassifier(int numClasses = 2, long seed = 7) : base(nameof(TinyClassifier))
    {
        manual_seed(seed);
        features = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride: 2, padding: 1),
            nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride: 2, padding: 1),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten());
        classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(16, numClasses));
        NumClasses = numClasses;
        RegisterComponents();
    }

    public override int FeatureCount => 16;

    public override int NumClasses { get; }

    public override nn.Module Backbone => features;

    public override nn.Module Head => classifier;

    public override Tensor ForwardFeatures(Tensor images) => features.forward(images);

    public override Tensor ForwardHead(Tensor features) => classifier.forward(features);
}
