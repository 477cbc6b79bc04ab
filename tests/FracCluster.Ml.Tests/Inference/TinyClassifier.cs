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
        InitialiseFrom(seed);
    }

    public override int FeatureCount => 16;

    // Weights from a private generator, not torch's global one: tests run in parallel, and another test seeding or
    // drawing from the global generator in between would give two "identical" models different weights.
    private void InitialiseFrom(long seed)
    {
        var random = new Random((int)seed);
        using var mode = no_grad();
        foreach (var parameter in parameters())
        {
            var values = new float[parameter.numel()];
            for (var i = 0; i < values.Length; i++)
                values[i] = (float)((random.NextDouble() * 2) - 1) * 0.5f;
            using var source = tensor(values, parameter.shape);
            parameter.copy_(source);
        }
    }

    public override int NumClasses { get; }

    public override nn.Module Backbone => features;

    public override nn.Module Head => classifier;

    /// <summary>Where and how the last forward pass ran: managed thread id and whether inference mode was on.</summary>
    public (int ThreadId, bool InferenceMode, long[] Shape)? LastForward { get; private set; }

    public override Tensor ForwardFeatures(Tensor images)
    {
        LastForward = (Environment.CurrentManagedThreadId, is_inference_mode_enabled(), images.shape);
        return features.forward(images);
    }

    public override Tensor ForwardHead(Tensor features) => classifier.forward(features);
}
