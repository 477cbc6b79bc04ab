using System.Security.Cryptography;
using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FracCluster.Ml.Checkpoints;

/// <summary>
/// Saves and loads the project's checkpoints: safetensors weights + JSON metadata, laid out as described in
/// <see cref="CheckpointPaths"/>. Weights use torchvision names, so the safetensors file also loads in PyTorch
/// (<c>safetensors.torch.load_file</c> → <c>efficientnet_b6().load_state_dict</c>) for the symmetric torchvision flavour
/// (checked against torchvision 0.14.1: all keys match, identical logits).
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>
    /// Writes <c>X.safetensors</c> then <c>X.json</c> for base path <paramref name="path"/>, each through a temporary file
    /// so a crash never leaves a half-written checkpoint behind a valid name. Returns the metadata as written, with
    /// <see cref="CheckpointMetadata.WeightsSha256"/> set to the hash of the weights file.
    /// </summary>
    public static CheckpointMetadata Save(FeatureClassifier model, CheckpointMetadata metadata, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.ClassNames.Count != model.NumClasses)
            throw new ArgumentException($"Metadata lists {metadata.ClassNames.Count} class name(s) but the model has {model.NumClasses} outputs.", nameof(metadata));
        if (metadata.PositiveClass < 0 || metadata.PositiveClass >= metadata.ClassNames.Count)
            throw new ArgumentException($"PositiveClass {metadata.PositiveClass} is not an index into ClassNames.", nameof(metadata));

        var paths = CheckpointPaths.From(path);
        var directory = Path.GetDirectoryName(paths.BasePath);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        var weightsTemp = paths.WeightsPath + ".tmp";
        using (var scope = NewDisposeScope())
        {
            var stateDict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (key, tensor) in model.state_dict())
                stateDict[key] = tensor.detach().cpu().contiguous();
            using var stream = new FileStream(weightsTemp, FileMode.Create, FileAccess.Write, FileShare.None);
            Safetensors.SaveStateDict(stream, stateDict, leaveOpen: true);
        }
        var written = metadata with { WeightsSha256 = Sha256Hex(weightsTemp) };
        File.Move(weightsTemp, paths.WeightsPath, overwrite: true);

        var jsonTemp = paths.MetadataPath + ".tmp";
        File.WriteAllText(jsonTemp, CheckpointJson.Serialize(written));
        File.Move(jsonTemp, paths.MetadataPath, overwrite: true);
        return written;
    }

    /// <summary>Reads only the JSON metadata of a checkpoint.</summary>
    public static CheckpointMetadata ReadMetadata(string path)
    {
        var paths = CheckpointPaths.From(path);
        if (!File.Exists(paths.MetadataPath))
            throw new CheckpointNotFoundException(paths.MetadataPath, $"Checkpoint metadata not found: {paths.MetadataPath} (a checkpoint is X.safetensors + X.json).");
        return CheckpointJson.Deserialize(File.ReadAllText(paths.MetadataPath), paths.MetadataPath);
    }

    /// <summary>
    /// Builds the model the metadata describes, loads the weights (checking every key and shape, and the SHA-256 when
    /// <paramref name="verifyHash"/>), moves it to <paramref name="device"/> (default CPU) and puts it in eval mode.
    /// </summary>
    public static LoadedCheckpoint Load(string path, Device? device = null, bool verifyHash = true)
    {
        var paths = CheckpointPaths.From(path);
        var metadata = ReadMetadata(path);
        if (!File.Exists(paths.WeightsPath))
            throw new CheckpointNotFoundException(paths.WeightsPath, $"Checkpoint weights not found: {paths.WeightsPath} (beside {paths.MetadataPath}).");
        if (verifyHash && metadata.WeightsSha256 is { Length: > 0 } expected)
        {
            var actual = Sha256Hex(paths.WeightsPath);
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                throw new CheckpointCorruptException($"Checkpoint weights {paths.WeightsPath} have SHA-256 {actual} but the metadata says {expected}: the file was changed or copied incompletely.");
        }

        var config = ModelFactory.ToConfig(metadata);
        var model = new EfficientNet(config);
        try
        {
            using (var scope = NewDisposeScope())
            {
                Dictionary<string, Tensor> weights;
                try
                {
                    weights = Safetensors.LoadStateDict(paths.WeightsPath);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new CheckpointCorruptException($"Checkpoint weights {paths.WeightsPath} are not a readable safetensors file: {e.Message}", e);
                }
                StateDictLoader.Load(model, weights, ModelFactory.Describe(config));
            }
            if (device is not null && device.type != DeviceType.CPU)
                model.to(device);
            model.eval();
            return new LoadedCheckpoint(model, metadata);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Hex(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
