namespace FracCluster.Ml.Checkpoints;

/// <summary>
/// Where a checkpoint's two files live. A checkpoint is a pair of files sharing one base path <c>X</c>:
/// <c>X.safetensors</c> (the weights, torchvision state_dict names) and <c>X.json</c> (<see cref="CheckpointMetadata"/>).
/// Any of <c>X</c>, <c>X.safetensors</c> or <c>X.json</c> names the checkpoint. The JSON is written last, so a
/// checkpoint whose JSON exists is complete.
/// </summary>
public sealed record CheckpointPaths(string BasePath)
{
    public const string WeightsExtension = ".safetensors";
    public const string MetadataExtension = ".json";

    public string WeightsPath => BasePath + WeightsExtension;

    public string MetadataPath => BasePath + MetadataExtension;

    public static CheckpointPaths From(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        foreach (var extension in (string[])[WeightsExtension, MetadataExtension])
        {
            if (full.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                return new CheckpointPaths(full[..^extension.Length]);
        }
        return new CheckpointPaths(full);
    }

    public bool Exists => File.Exists(WeightsPath) && File.Exists(MetadataPath);
}
