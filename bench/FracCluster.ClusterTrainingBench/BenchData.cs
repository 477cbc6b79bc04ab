using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;

namespace FracCluster.ClusterTrainingBench;

/// <summary>What the benchmark's tables run on: a synthetic FracAtlas-layout dataset and a tiny checkpoint.</summary>
public static class BenchData
{
    public static Task WriteDatasetAsync(string folder, int count, int seed, int minSize, int maxSize) =>
        new SyntheticDatasetWriter().WriteAsync(folder, new SyntheticDatasetOptions
        {
            Count = count,
            FracturedRatio = 0.5,
            Seed = seed,
            Radiograph = new SyntheticRadiographOptions { MinSize = minSize, MaxSize = maxSize },
        });

    /// <summary>EfficientNet-B0 structure at width 0.25, depth 0.3, random init (seed 1), for <paramref name="size"/> px.</summary>
    public static void SaveTinyCheckpoint(string basePath, int size)
    {
        var config = new EfficientNetConfig { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };
        TorchSharp.torch.random.manual_seed(1);
        using var model = new EfficientNet(config);
        ModelCheckpoint.Save(model, ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], 0, PreprocessOptions.ImageNet(size)), basePath);
    }
}
