using System.Security.Cryptography;
using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FracCluster.Ml.Checkpoints;

/// <summary>
/// Saves and loads the project's checkpoints: safetensors weights + JSON metadata, laid out on disk as described in
/// <see cref="CheckpointPaths"/> (<c>X.safetensors</c> + <c>X.json</c>); the stream overloads serve blob stores.
/// Weights use torchvision names, so the safetensors file also loads in PyTorch
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
        CheckConsistent(model, metadata);
        var paths = CheckpointPaths.From(path);
        var directory = Path.GetDirectoryName(paths.BasePath);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        var weightsTemp = paths.WeightsPath + ".tmp";
        using (var stream = new FileStream(weightsTemp, FileMode.Create, FileAccess.Write, FileShare.None))
            WriteWeights(model, stream);
        var written = metadata with { WeightsSha256 = Sha256Hex(weightsTemp) };
        File.Move(weightsTemp, paths.WeightsPath, overwrite: true);

        var jsonTemp = paths.MetadataPath + ".tmp";
        File.WriteAllText(jsonTemp, CheckpointJson.Serialize(written));
        File.Move(jsonTemp, paths.MetadataPath, overwrite: true);
        return written;
    }

    /// <summary>
    /// Writes the safetensors weights to <paramref name="weights"/> and the metadata JSON to <paramref name="metadataJson"/>
    /// (e.g. two blobs). Returns the metadata as written, with its <see cref="CheckpointMetadata.WeightsSha256"/>.
    /// </summary>
    public static CheckpointMetadata Save(FeatureClassifier model, CheckpointMetadata metadata, Stream weights, Stream metadataJson)
    {
        CheckConsistent(model, metadata);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(metadataJson);
        using var buffer = new MemoryStream();
        WriteWeights(model, buffer);
        buffer.Position = 0;
        var written = metadata with { WeightsSha256 = Convert.ToHexStringLower(SHA256.HashData(buffer)) };
        buffer.Position = 0;
        buffer.CopyTo(weights);
        using var writer = new StreamWriter(metadataJson, leaveOpen: true);
        writer.Write(CheckpointJson.Serialize(written));
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
        if (verifyHash)
            CheckHash(metadata, Sha256Hex(paths.WeightsPath), paths.WeightsPath);
        using var stream = File.OpenRead(paths.WeightsPath);
        return Load(metadata, stream, paths.WeightsPath, device);
    }

    /// <summary>
    /// Loads a checkpoint from its two parts (e.g. blobs). <paramref name="weights"/> is read whole; a non-seekable
    /// stream is buffered in memory first.
    /// </summary>
    public static LoadedCheckpoint Load(Stream weights, Stream metadataJson, Device? device = null, bool verifyHash = true)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(metadataJson);
        string json;
        using (var reader = new StreamReader(metadataJson, leaveOpen: true))
            json = reader.ReadToEnd();
        var metadata = CheckpointJson.Deserialize(json, "stream");

        using var buffer = weights.CanSeek ? null : new MemoryStream();
        var source = weights;
        if (buffer is not null)
        {
            weights.CopyTo(buffer);
            source = buffer;
        }
        source.Position = 0;
        if (verifyHash)
        {
            CheckHash(metadata, Convert.ToHexStringLower(SHA256.HashData(source)), "weights stream");
            source.Position = 0;
        }
        return Load(metadata, source, "weights stream", device);
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Hex(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static LoadedCheckpoint Load(CheckpointMetadata metadata, Stream weightsStream, string source, Device? device)
    {
        var config = ModelFactory.ToConfig(metadata);
        // Created outside any dispose scope: the model outlives this call.
        var model = new EfficientNet(config);
        try
        {
            Dictionary<string, Tensor> weights;
            try
            {
                weights = Safetensors.LoadStateDict(weightsStream, leaveOpen: true);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new CheckpointCorruptException($"Checkpoint weights {source} are not a readable safetensors file: {e.Message}", e);
            }
            try
            {
                StateDictLoader.Load(model, weights, ModelFactory.Describe(config));
            }
            finally
            {
                foreach (var tensor in weights.Values)
                    tensor.Dispose();
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

    private static void WriteWeights(FeatureClassifier model, Stream stream)
    {
        using var scope = NewDisposeScope();
        var stateDict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in model.state_dict())
            stateDict[key] = tensor.detach().cpu().contiguous();
        Safetensors.SaveStateDict(stream, stateDict, leaveOpen: true);
    }

    private static void CheckHash(CheckpointMetadata metadata, string actual, string source)
    {
        if (metadata.WeightsSha256 is { Length: > 0 } expected && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw new CheckpointCorruptException($"Checkpoint weights {source} have SHA-256 {actual} but the metadata says {expected}: the file was changed or copied incompletely.");
    }

    private static void CheckConsistent(FeatureClassifier model, CheckpointMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.ClassNames.Count != model.NumClasses)
            throw new ArgumentException($"Metadata lists {metadata.ClassNames.Count} class name(s) but the model has {model.NumClasses} outputs.", nameof(metadata));
        if (metadata.PositiveClass < 0 || metadata.PositiveClass >= metadata.ClassNames.Count)
            throw new ArgumentException($"PositiveClass {metadata.PositiveClass} is not an index into ClassNames.", nameof(metadata));
    }
}
