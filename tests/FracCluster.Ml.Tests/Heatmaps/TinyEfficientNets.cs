using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Models;

namespace FracCluster.Ml.Tests.Heatmaps;

/// <summary>B0's structure at a quarter of its width and a third of its depth: the real last stage, in milliseconds.</summary>
internal static class TinyEfficientNets
{
    public static EfficientNet Create() =>
        new(new EfficientNetConfig { Width = 0.25, Depth = 0.3, NumClasses = 2, Dropout = 0.2 });

    public static InferenceEngine Engine(int imageSize, int maxBatchSize = 4, DeviceThread? deviceThread = null) =>
        new(
            Create(),
            new CheckpointMetadata
            {
                Variant = "b0",
                ClassNames = ["fractured", "non_fractured"],
                PositiveClass = 0,
                Preprocess = PreprocessOptions.ImageNet(imageSize),
                WeightsSha256 = "0123456789abcdef0123",
            },
            new InferenceOptions { Device = "cpu", MaxBatchSize = maxBatchSize, DecodeParallelism = 2 },
            deviceThread: deviceThread);
}
