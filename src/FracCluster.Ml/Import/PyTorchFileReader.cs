using System.Collections;
using FracCluster.Ml.Checkpoints;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FracCluster.Ml.Import;

/// <summary>
/// Reads tensors from files written by <c>torch.save</c> in the zip format (PyTorch ≥ 1.6 default) through
/// TorchSharp.PyBridge, recognising the legacy format by its first bytes so the user gets the conversion command
/// instead of a pickle error.
/// </summary>
public static class PyTorchFileReader
{
    // Wrappers that training scripts commonly put around the state dict.
    private static readonly string[] NestedStateDictKeys = ["state_dict", "model_state_dict", "model", "net"];

    /// <summary>
    /// A state dict by name. Accepts a bare state dict or a dict holding one under state_dict / model_state_dict /
    /// model; strips the "module." prefix that nn.DataParallel adds. Tensors are on the CPU; the caller disposes them.
    /// </summary>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        var root = Unpickle(path);
        var tensors = TensorsOf(root);
        if (tensors.Count == 0)
        {
            foreach (var key in NestedStateDictKeys)
            {
                if (root[key] is Hashtable nested && TensorsOf(nested) is { Count: > 0 } inner)
                {
                    tensors = inner;
                    break;
                }
            }
        }
        if (tensors.Count == 0)
            throw new UnsupportedWeightsFileException(path, $"holds no tensors at the top level nor under {string.Join(", ", NestedStateDictKeys)}; save the model's state_dict() instead.");

        if (tensors.Keys.All(k => k.StartsWith("module.", StringComparison.Ordinal)))
            tensors = tensors.ToDictionary(kv => kv.Key["module.".Length..], kv => kv.Value, StringComparer.Ordinal);
        return tensors;
    }

    /// <summary>The top-level tensors of a dict saved with torch.save (e.g. {'input': x, 'logits': y}).</summary>
    public static Dictionary<string, Tensor> ReadTensors(string path) => TensorsOf(Unpickle(path));

    private static Dictionary<string, Tensor> TensorsOf(Hashtable table)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string key && entry.Value is Tensor tensor)
                result[key] = tensor;
        }
        return result;
    }

    private static Hashtable Unpickle(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Weights file not found: {path}", path);

        CheckMagic(path);
        object? root;
        try
        {
            using var stream = File.OpenRead(path);
            root = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not CheckpointException)
        {
            throw new UnsupportedWeightsFileException(path, $"cannot be read as a torch.save state dict ({e.Message}). If it holds a whole pickled model or a TorchScript archive, save model.state_dict() with torch.save instead.", e);
        }
        return root as Hashtable
            ?? throw new UnsupportedWeightsFileException(path, $"holds a {root?.GetType().Name ?? "null"}, not a dict of tensors.");
    }

    private static void CheckMagic(string path)
    {
        Span<byte> head = stackalloc byte[4];
        int read;
        using (var stream = File.OpenRead(path))
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);

        if (read == 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04)
            return;
        // Legacy torch.save starts with a pickle PROTO opcode (0x80) followed by the protocol (2 by default).
        if (read >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
            throw new LegacyTorchSaveFormatException(path);
        if (read == 0)
            throw new UnsupportedWeightsFileException(path, "is empty.");
        throw new UnsupportedWeightsFileException(path, "is not a PyTorch file: torch.save writes a zip archive (first bytes 'PK').");
    }
}
