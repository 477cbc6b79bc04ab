using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Grains.Inference;
using FracCluster.Grains.Options;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using FracCluster.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FracCluster.Cluster.Tests;

/// <summary>The production classifier seam: real TorchSharp engine on a tiny EfficientNet checkpoint.</summary>
public sealed class EngineClassifierFactoryTests
{
    private static readonly EfficientNetConfig Tiny = new() { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };

    [Fact]
    public async Task A_checkpoint_stored_as_blobs_loads_and_classifies_rejecting_only_the_corrupt_image()
    {
        using var data = new TempFolder();
        var blobs = new FileBlobStore(Path.Combine(data.Path, "blobs"));
        var saved = SaveTinyCheckpoint(Path.Combine(data.Path, "local", "tiny"));
        await blobs.PutAsync("models/tiny.safetensors", await File.ReadAllBytesAsync(Path.Combine(data.Path, "local", "tiny.safetensors")));
        await blobs.PutAsync("models/tiny.json", await File.ReadAllBytesAsync(Path.Combine(data.Path, "local", "tiny.json")));
        using var factory = Factory(blobs, checkpoint: null);

        using var classifier = await factory.CreateAsync("models/tiny", "cpu", CancellationToken.None);
        var outputs = await classifier.ClassifyAsync([TestImages.Png(10), TestImages.CorruptPng(), TestImages.Png(200)]);

        Assert.Equal(saved.VersionLabel, classifier.Model.VersionLabel);
        Assert.Equal(3, outputs.Count);
        Assert.False(outputs[0].Rejected);
        Assert.True(outputs[1].Rejected);
        Assert.False(outputs[2].Rejected);
        Assert.InRange(outputs[0].ProbabilityFractured, 0f, 1f);
        Assert.Contains(outputs[0].Label, saved.ClassNames);
    }

    [Fact]
    public async Task The_configured_checkpoint_is_used_when_none_is_given_and_a_local_path_works()
    {
        using var data = new TempFolder();
        var local = Path.Combine(data.Path, "tiny");
        var saved = SaveTinyCheckpoint(local);
        using var factory = Factory(new FileBlobStore(data.Path), checkpoint: local + ".json");

        using var classifier = await factory.CreateAsync(null, "cpu", CancellationToken.None);

        Assert.Equal(saved.WeightsSha256, classifier.Model.WeightsSha256);
    }

    [Fact]
    public async Task No_configured_checkpoint_and_a_missing_one_give_typed_errors()
    {
        using var data = new TempFolder();
        using var factory = Factory(new FileBlobStore(data.Path), checkpoint: null);

        await Assert.ThrowsAsync<ModelNotConfiguredException>(() => factory.CreateAsync(null, "cpu", CancellationToken.None));
        await Assert.ThrowsAsync<CheckpointNotFoundException>(() => factory.CreateAsync("models/nope", "cpu", CancellationToken.None));
    }

    private static EngineClassifierFactory Factory(IBlobStore blobs, string? checkpoint) => new(
        blobs,
        Microsoft.Extensions.Options.Options.Create(new ModelsOptions { Checkpoint = checkpoint }),
        Microsoft.Extensions.Options.Options.Create(new BatchingOptions()),
        NullLoggerFactory.Instance);

    private static CheckpointMetadata SaveTinyCheckpoint(string path)
    {
        using var model = new EfficientNet(Tiny);
        model.eval();
        var metadata = ModelFactory.CreateMetadata(Tiny, ["fractured", "not_fractured"], positiveClass: 0, preprocess: PreprocessOptions.ImageNet(32));
        return ModelCheckpoint.Save(model, metadata, path);
    }
}
