using FracCluster.Imaging;
using FracCluster.Ml.Models;

namespace FracCluster.Ml.Inference;

/// <summary>How an <see cref="InferenceEngine"/> runs: where, with how many threads, and in what batch size.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>"cpu" or "cuda:N".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>libtorch intra-op threads for the whole process; 0 leaves libtorch's default (one per core).</summary>
    public int Threads { get; set; }

    /// <summary>Largest forward pass; longer requests are split into batches of this size.</summary>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>Whether hosts run <see cref="InferenceEngine.WarmUpAsync"/> before reporting ready.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Batches allowed to wait for the device before callers are held back (back-pressure).</summary>
    public int QueueCapacity { get; set; } = 4;

    /// <summary>Images decoded at once per batch; 0 uses one per processor.</summary>
    public int DecodeParallelism { get; set; }

    /// <summary>Fold each BatchNorm into its convolution when the model loads (exact up to float rounding; faster).</summary>
    public bool FoldBatchNorm { get; set; } = true;

    internal InferenceOptimisations Optimisations => new(FoldBatchNorm);

    /// <summary>Size and pixel limits checked before an image is fully decoded.</summary>
    public ImageLimits Limits { get; set; } = new();

    internal int EffectiveDecodeParallelism => DecodeParallelism > 0 ? DecodeParallelism : Environment.ProcessorCount;

    /// <summary>Every problem with these settings, each as a sentence; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Device))
            errors.Add("Inference:Device is required ('cpu' or 'cuda:N').");
        else if (!IsDeviceName(Device))
            errors.Add($"Inference:Device '{Device}' is not 'cpu', 'cuda' or 'cuda:N'.");
        if (Threads < 0)
            errors.Add($"Inference:Threads must be 0 (libtorch default) or positive, not {Threads}.");
        if (MaxBatchSize is < 1 or > 1024)
            errors.Add($"Inference:MaxBatchSize must be between 1 and 1024, not {MaxBatchSize}.");
        if (QueueCapacity < 1)
            errors.Add($"Inference:QueueCapacity must be at least 1, not {QueueCapacity}.");
        if (DecodeParallelism < 0)
            errors.Add($"Inference:DecodeParallelism must be 0 (one per processor) or positive, not {DecodeParallelism}.");
        if (Limits is null)
            errors.Add("Inference:Limits is required.");
        else
        {
            if (Limits.MaxBytes < 1)
                errors.Add($"Inference:Limits:MaxBytes must be positive, not {Limits.MaxBytes}.");
            if (Limits.MaxPixels < 1)
                errors.Add($"Inference:Limits:MaxPixels must be positive, not {Limits.MaxPixels}.");
        }
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid inference options: " + string.Join(" ", errors));
    }

    // Syntax only: whether CUDA is really there is checked when the engine starts (TorchRuntime.ParseDevice).
    private static bool IsDeviceName(string device)
    {
        var d = device.Trim().ToLowerInvariant();
        return d is "cpu" or "cuda"
            || (d.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(d.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
    }
}
