using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;

namespace FracCluster.Ml.Tests.Inference;

internal static class EngineFactory
{
    public const int ImageSize = 32;

    public static CheckpointMetadata Metadata(string weightsSha = "0123456789abcdef0123") => new()
    {
        Variant = "tiny",
        ClassNames = ["fractured", "non_fractured"],
        PositiveClass = 0,
        Preprocess = PreprocessOptions.ImageNet(ImageSize),
        WeightsSha256 = weightsSha,
    };

    public static InferenceOptions Options(int maxBatchSize = 16) => new()
    {
        Device = "cpu",
        MaxBatchSize = maxBatchSize,
        DecodeParallelism = 2,
    };

    public static InferenceEngine Create(int maxBatchSize = 16, long seed = 7, DeviceThread? deviceThread = null, string weightsSha = "0123456789abcdef0123") =>
        new(new TinyClassifier(seed: seed), Metadata(weightsSha), Options(maxBatchSize), deviceThread: deviceThread);
}
