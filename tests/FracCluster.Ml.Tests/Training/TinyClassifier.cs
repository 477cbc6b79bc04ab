using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Training;

/// <summary>A two-conv CNN with BatchNorm standing in for EfficientNet; counts images through its backbone.</summary>
internal sealed class TinyClassifier : FeatureClassifier
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    public TinyClassifier(int width = 8) : base(nameof(TinyClassifier))
    {
        features = nn.Sequential(
            ("0", nn.Conv2d(3, width, 3, stride: 2, padding: 1)),
            ("1", nn.BatchNorm2d(width)),
            ("2", nn.ReLU()),
            ("3", nn.Conv2d(width, 2 * width, 3, stride: 2, padding: 1)),
            ("4", nn.BatchNorm2d(2 * width)),
            ("5", nn.ReLU()),
            ("6", nn.AdaptiveAvgPool2d(1)),
            ("7", nn.Flatten()));
        classifier = nn.Sequential(("0", nn.Dropout(0.2)), ("1", nn.Linear(2 * width, 2)));
        FeatureCount = 2 * width;
        RegisterComponents();
    }

    /// <summary>Images that went through the backbone since construction or the last reset.</summary>
    public long BackboneImages { get; private set; }

    public override int FeatureCount { get; }

    public override int NumClasses => 2;

    public override nn.Module Backbone => features;

    public override nn.Module Head => classifier;

    public override Tensor ForwardFeatures(Tensor images)
    {
        BackboneImages += images.shape[0];
        return features.forward(images);
    }

    public override Tensor ForwardHead(Tensor featureBatch) => classifier.forward(featureBatch);

    /// <summary>Same seed, same initial weights.</summary>
    public static TinyClassifier Create(long seed = 7)
    {
        torch.random.manual_seed(seed);
        return new TinyClassifier();
    }
}
