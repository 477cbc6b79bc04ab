using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Checkpoints;

/// <summary>
/// Copies named tensors into a module's parameters and buffers after checking, by name, that every key is present,
/// none is extra and every shape fits. TorchSharp's own strict load reports no key names; this one lists them.
/// </summary>
public static class StateDictLoader
{
    /// <summary>Keys of <paramref name="model"/>'s state dict with their shapes.</summary>
    public static IReadOnlyDictionary<string, long[]> ExpectedShapes(nn.Module model)
    {
        var result = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (key, tensor) in model.state_dict())
            result[key] = tensor.shape;
        return result;
    }

    /// <summary>
    /// Loads <paramref name="weights"/> (model naming) into <paramref name="model"/> or throws
    /// <see cref="StateDictMismatchException"/> listing every problem. <paramref name="displayName"/> turns a model key
    /// into the name the user knows (the file's naming) for messages. Keys in <paramref name="keepInitialised"/> keep
    /// the model's own (fresh) values and need not be in <paramref name="weights"/> (a replaced classification head).
    /// </summary>
    public static void Load(
        nn.Module model,
        IReadOnlyDictionary<string, Tensor> weights,
        string modelDescription,
        Func<string, string>? displayName = null,
        Func<IReadOnlyList<ShapeMismatch>, string?>? suggestVariant = null,
        IReadOnlySet<string>? keepInitialised = null,
        string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(weights);
        displayName ??= static k => k;

        var target = model.state_dict();
        if (keepInitialised is { Count: > 0 })
            target = target.Where(kv => !keepInitialised.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var missing = target.Keys.Where(k => !weights.ContainsKey(k)).Select(displayName).ToList();
        var unexpected = weights.Keys.Where(k => !target.ContainsKey(k)).Select(displayName).ToList();
        var mismatches = new List<ShapeMismatch>();
        foreach (var (key, tensor) in target)
        {
            if (weights.TryGetValue(key, out var source) && !ShapesFit(tensor.shape, source.shape))
                mismatches.Add(new ShapeMismatch(displayName(key), tensor.shape, source.shape));
        }

        if (missing.Count > 0 || unexpected.Count > 0 || mismatches.Count > 0)
            throw new StateDictMismatchException(modelDescription, missing, unexpected, mismatches, suggestVariant?.Invoke(mismatches), hint);

        using var _ = no_grad();
        foreach (var (key, tensor) in target)
        {
            var source = weights[key];
            if (source.shape.SequenceEqual(tensor.shape))
            {
                tensor.copy_(source);
            }
            else
            {
                // A 0-d scalar (num_batches_tracked) may arrive as shape [1] from the pickle reader.
                using var reshaped = source.reshape(tensor.shape);
                tensor.copy_(reshaped);
            }
        }
    }

    /// <summary>Same shape, or both a single element (0-d and [1] are the same scalar to us).</summary>
    public static bool ShapesFit(long[] expected, long[] actual) =>
        expected.SequenceEqual(actual) ||
        (expected.Length <= 1 && actual.Length <= 1 && expected.Aggregate(1L, (a, b) => a * b) == 1 && actual.Aggregate(1L, (a, b) => a * b) == 1);
}
