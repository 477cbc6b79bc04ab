using FracCluster.Grains.Inference;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Cluster.Tests.Dicom;

/// <summary>
/// The production <see cref="InferenceEngine"/> (batch decoder, forward pass, probabilities) over a few seeded
/// convolutions. A randomly initialised EfficientNet gives every small image the same probability (its features
/// vanish), which would make "DICOM scores like the PNG" true of anything; this net tells images apart.
/// </summary>
public sealed class ConvNetClassifierFactory : IBatchClassifierFactory
{
    public Task<IBatchClassifier> CreateAsync(string? checkpoint, string device, CancellationToken cancellationToken)
    {
        var metadata = new CheckpointMetadata
        {
            Variant = "convnet",
            ClassNames = ["fractured", "not_fractured"],
            PositiveClass = 0,
            Preprocess = PreprocessOptions.ImageNet(32),
            WeightsSha256 = "c0ffee0123456789abcdef",
        };
        var options = new InferenceOptions { Device = "cpu", MaxBatchSize = 16, DecodeParallelism = 2 };
        return Task.FromResult<IBatchClassifier>(new InferenceEngine(new SeededConvNet(), metadata, options));
    }

    private sealed class SeededConvNet : FeatureClassifier
    {
        private readonly Sequential _features;
        private readonly Sequential _classifier;

        public SeededConvNet() : base(nameof(SeededConvNet))
        {
            _features = nn.Sequential(
                nn.Conv2d(3, 8, 3, stride: 2, padding: 1),
                nn.ReLU(),
                nn.Conv2d(8, 16, 3, stride: 2, padding: 1),
                nn.ReLU(),
                nn.AdaptiveAvgPool2d(1),
                nn.Flatten());
            _classifier = nn.Sequential(nn.Linear(16, 2));
            RegisterComponents();
            // A private generator, not torch's global one that parallel tests draw from.
            var random = new Random(7);
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

        public override int FeatureCount => 16;

        public override int NumClasses => 2;

        public override nn.Module Backbone => _features;

        public override nn.Module Head => _classifier;

        public override Tensor ForwardFeatures(Tensor images) => _features.forward(images);

        public override Tensor ForwardHead(Tensor features) => _classifier.forward(features);
    }
}
