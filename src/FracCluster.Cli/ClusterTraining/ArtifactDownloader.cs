namespace FracCluster.Cli.ClusterTraining;

/// <summary>Copies a run's artifacts (runs/{id}/… in the cluster's blob store) into a local folder.</summary>
public static class ArtifactDownloader
{
    public static async Task<int> DownloadAsync(TrainingApiClient api, string runId, string outDir, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(outDir);
        Directory.CreateDirectory(root);
        var keys = await api.ListArtifactsAsync(runId, cancellationToken);
        foreach (var key in keys)
        {
            var target = Path.GetFullPath(Path.Combine(root, key));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new TrainingApiException($"Artifact key '{key}' points outside {root}.");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, await api.GetArtifactAsync(runId, key, cancellationToken), cancellationToken);
        }
        return keys.Count;
    }
}
