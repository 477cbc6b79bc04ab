using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using Microsoft.AspNetCore.Builder;
using TorchSharp;

namespace FracCluster.Cluster.Tests.Heatmaps;

/// <summary>
/// The real silo host serving a real TorchSharp model (a tiny EfficientNet-B0, 64 px), since a heatmap needs gradients
/// through a convolutional network. The head is set by hand so that every image gets about the same P(fractured):
/// well above the default threshold (0.5) or well below it, whatever a random backbone makes of the image. Its
/// weights for "fractured" are small, each with the sign of its channel's mean activation on random images, so the
/// class score rises with the feature maps and the heatmap is not empty.
/// </summary>
public abstract class HeatmapSiloFixture : SiloAppFixture, IAsyncLifetime
{
    private static readonly EfficientNetConfig Tiny = new() { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };
    private readonly TempFolder _models = new();
    private readonly string _checkpoint;

    protected HeatmapSiloFixture(float fracturedBias)
    {
        _checkpoint = Path.Combine(_models.Path, "tiny");
        SaveCheckpoint(_checkpoint, fracturedBias);
    }

    protected override IReadOnlyList<string> Overrides =>
    [
        $"--Frac:Models:Checkpoint={_checkpoint}.json",
        "--Frac:Heatmaps:ProbabilityThreshold=0.5",
        "--Frac:Batching:QueueCapacity=16",
    ];

    // No fake: the silo's own engine classifier factory loads the checkpoint above.
    protected override void ConfigureServices(WebApplicationBuilder builder)
    {
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _models.Dispose();
    }

    private static void SaveCheckpoint(string path, float fracturedBias)
    {
        torch.manual_seed(12);
        using var model = new EfficientNet(Tiny);
        model.eval();
        using (torch.no_grad())
        {
            var head = model.Classifier;
            var channelMeans = model.ForwardFeatureMaps(torch.rand(4, 3, 64, 64)).mean([0L, 2L, 3L]);
            var fractured = channelMeans.sign() * 0.01f;
            head.weight!.copy_(torch.stack([fractured, torch.zeros_like(fractured)]));
            head.bias!.copy_(torch.tensor(new[] { fracturedBias, 0f }));
        }
        var metadata = ModelFactory.CreateMetadata(Tiny, ["fractured", "not_fractured"], positiveClass: 0, preprocess: PreprocessOptions.ImageNet(64));
        ModelCheckpoint.Save(model, metadata, path);
    }
}

/// <summary>Every scan comes out at P(fractured) ≈ 0.95: its heatmap is computed right after classification.</summary>
public sealed class FracturedHeatmapSiloFixture() : HeatmapSiloFixture(3f);

/// <summary>Every scan comes out at P(fractured) ≈ 0.05: its heatmap is computed only when asked for.</summary>
public sealed class UnfracturedHeatmapSiloFixture() : HeatmapSiloFixture(-3f);
