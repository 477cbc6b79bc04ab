using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Import;
using FracCluster.Ml.Models;
using FracCluster.Storage;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// A real checkpoint of a tiny EfficientNet (B0 structure, width 0.25, depth 0.3, random weights), stored in the blob
/// store the way a production checkpoint is, so the silos load it through the Azure blob path: the served model (32 px)
/// or starting weights for a training run.
/// </summary>
public static class TinyCheckpoint
{
    public const string BlobKey = "checkpoints/tiny";

    private static readonly EfficientNetConfig Tiny = new() { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };

    /// <summary>The served model the silos load at start (<see cref="BlobKey"/>, 32 px).</summary>
    public static Task<CheckpointMetadata> UploadAsync(IBlobStore blobs, string scratchFolder) =>
        UploadAsync(blobs, scratchFolder, BlobKey, ["fractured", "not_fractured"], 32);

    /// <summary>
    /// A tiny checkpoint under <paramref name="key"/> (X for X.safetensors + X.json). For training, the class names must
    /// be the dataset's, in its order.
    /// </summary>
    public static async Task<CheckpointMetadata> UploadAsync(IBlobStore blobs, string scratchFolder, string key, IReadOnlyList<string> classNames, int imageSize)
    {
        var local = Path.Combine(scratchFolder, key.Replace('/', '-'));
        var config = Tiny with { NumClasses = classNames.Count };
        CheckpointMetadata saved;
        using (var model = new EfficientNet(config))
        {
            model.eval();
            var metadata = ModelFactory.CreateMetadata(config, classNames, positiveClass: 0, preprocess: PreprocessOptions.ImageNet(imageSize));
            saved = ModelCheckpoint.Save(model, metadata, local);
        }
        await UploadFilesAsync(blobs, local, key);
        return saved;
    }

    /// <summary>
    /// The repository's efficientnet-pytorch fixture (same tiny B0 structure, efficientnet-pytorch's random init), imported
    /// as `frac import-weights` does, with the fracture labels. Unlike this class's own random init, whose frozen features
    /// are nearly the same for every image, its features differ enough between images for a linear probe to learn: a run
    /// whose losses move from epoch to epoch, so comparing two runs' histories compares something.
    /// </summary>
    public static async Task<CheckpointMetadata> UploadImportedFixtureAsync(IBlobStore blobs, string scratchFolder, string key, int inputSize)
    {
        var fixture = Path.Combine(RepositoryPaths.Root, "tests", "FracCluster.Ml.Tests", "Fixtures", "efficientnet-pytorch", "efficientnet-b0-s5-96.pth");
        var local = Path.Combine(scratchFolder, key.Replace('/', '-'));
        var saved = WeightImporter.ImportToCheckpoint(fixture, new WeightImportOptions
        {
            Format = WeightsFormat.EfficientNetPyTorch,
            Variant = Tiny.Variant,
            Width = Tiny.Width,
            Depth = Tiny.Depth,
            PaddingImageSize = 96,
            InputSize = inputSize,
        }, local);
        await UploadFilesAsync(blobs, local, key);
        return saved;
    }

    private static async Task UploadFilesAsync(IBlobStore blobs, string local, string key)
    {
        await blobs.PutAsync(key + CheckpointPaths.WeightsExtension, await File.ReadAllBytesAsync(local + CheckpointPaths.WeightsExtension));
        await blobs.PutAsync(key + CheckpointPaths.MetadataExtension, await File.ReadAllBytesAsync(local + CheckpointPaths.MetadataExtension));
    }
}
