using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using FracCluster.Storage;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// A real checkpoint of a tiny EfficientNet (B0 structure, width 0.25, depth 0.3, 32 px, random weights), stored in the
/// blob store the way a production checkpoint is, so the silos load it through the Azure blob path.
/// </summary>
public static class TinyCheckpoint
{
    public const string BlobKey = "checkpoints/tiny";

    private static readonly EfficientNetConfig Tiny = new() { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 };

    public static async Task<CheckpointMetadata> UploadAsync(IBlobStore blobs, string scratchFolder)
    {
        var local = Path.Combine(scratchFolder, "tiny");
        CheckpointMetadata saved;
        using (var model = new EfficientNet(Tiny))
        {
            model.eval();
            var metadata = ModelFactory.CreateMetadata(Tiny, ["fractured", "not_fractured"], positiveClass: 0, preprocess: PreprocessOptions.ImageNet(32));
            saved = ModelCheckpoint.Save(model, metadata, local);
        }
        await blobs.PutAsync(BlobKey + CheckpointPaths.WeightsExtension, await File.ReadAllBytesAsync(local + CheckpointPaths.WeightsExtension));
        await blobs.PutAsync(BlobKey + CheckpointPaths.MetadataExtension, await File.ReadAllBytesAsync(local + CheckpointPaths.MetadataExtension));
        return saved;
    }
}
