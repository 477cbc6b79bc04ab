using FracCluster.Imaging.Synthetic;
using FracCluster.Storage;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// A small synthetic radiograph dataset in the FracAtlas layout (classes fractured, non_fractured), written to a scratch
/// folder and uploaded under a blob prefix, so a training run reads it as <c>blob:PREFIX</c> through the Azure blob path.
/// </summary>
public static class SyntheticTrainingSet
{
    /// <summary>The class names the FracAtlas layout gives, in order: training weights must list the same.</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["fractured", "non_fractured"];

    /// <summary>Writes <paramref name="count"/> small images (64–80 px) and uploads every file; returns the number of blobs.</summary>
    public static async Task<int> UploadAsync(IBlobStore blobs, string prefix, string scratchFolder, int count, long seed)
    {
        var folder = Path.Combine(scratchFolder, "dataset");
        await new SyntheticDatasetWriter().WriteAsync(folder, new SyntheticDatasetOptions
        {
            Count = count,
            FracturedRatio = 0.5,
            Seed = seed,
            MaxDegreeOfParallelism = 1,
            Radiograph = new SyntheticRadiographOptions { MinSize = 64, MaxSize = 80 },
        });
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        foreach (var file in files)
        {
            var key = BlobKeys.Combine(prefix, Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'));
            await blobs.PutAsync(key, await File.ReadAllBytesAsync(file));
        }
        return files.Count;
    }
}
