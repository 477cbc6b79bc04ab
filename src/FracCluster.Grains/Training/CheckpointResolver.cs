using System.Security.Cryptography;
using System.Text;
using FracCluster.Ml.Checkpoints;
using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>
/// Turns a checkpoint reference (a local path X / X.safetensors / X.json, or a blob key of the same shape) into a local
/// path the checkpoint loader reads: blobs are copied into a temp folder named by the reference and the weights' hash.
/// </summary>
public static class CheckpointResolver
{
    public static async Task<string> ResolveAsync(IBlobStore blobs, string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        if (!reference.Contains("://", StringComparison.Ordinal) && CheckpointPaths.From(reference).Exists)
            return reference;
        var key = BlobKey(reference);
        var weights = await blobs.GetAsync(key + CheckpointPaths.WeightsExtension, cancellationToken);
        var metadata = await blobs.GetAsync(key + CheckpointPaths.MetadataExtension, cancellationToken);
        if (weights is null || metadata is null)
            throw new CheckpointNotFoundException(reference, $"Checkpoint '{reference}' is neither a local file pair (X.safetensors + X.json) nor a blob pair '{key}.safetensors' + '{key}.json' in the cluster's blob store.");
        var folder = Path.Combine(Path.GetTempPath(), "fraccluster-training", Hex(Encoding.UTF8.GetBytes(reference)), Hex(weights));
        Directory.CreateDirectory(folder);
        var basePath = Path.Combine(folder, "model");
        if (!CheckpointPaths.From(basePath).Exists)
        {
            // Metadata last: a half-written copy is never taken for a complete one.
            await File.WriteAllBytesAsync(basePath + CheckpointPaths.WeightsExtension, weights, cancellationToken);
            await File.WriteAllBytesAsync(basePath + CheckpointPaths.MetadataExtension, metadata, cancellationToken);
        }
        return basePath;
    }

    /// <summary>Uploads a local checkpoint (X.safetensors + X.json) to <c>{key}.safetensors</c> + <c>{key}.json</c>.</summary>
    public static async Task UploadAsync(IBlobStore blobs, string localBasePath, string key, CancellationToken cancellationToken)
    {
        var paths = CheckpointPaths.From(localBasePath);
        await blobs.PutAsync(key + CheckpointPaths.WeightsExtension, await File.ReadAllBytesAsync(paths.WeightsPath, cancellationToken), cancellationToken);
        await blobs.PutAsync(key + CheckpointPaths.MetadataExtension, await File.ReadAllBytesAsync(paths.MetadataPath, cancellationToken), cancellationToken);
    }

    private static string BlobKey(string reference)
    {
        foreach (var extension in (string[])[CheckpointPaths.WeightsExtension, CheckpointPaths.MetadataExtension])
        {
            if (reference.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                return reference[..^extension.Length];
        }
        return reference;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
}
