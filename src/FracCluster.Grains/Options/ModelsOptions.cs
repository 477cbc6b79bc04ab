namespace FracCluster.Grains.Options;

/// <summary>Section <c>Frac:Models</c>: which devices this silo serves and which checkpoint they load.</summary>
public sealed class ModelsOptions
{
    public const string Section = "Frac:Models";

    /// <summary>One model grain per entry: "cpu", "cuda:0", "cuda:1", …</summary>
    public List<string> Devices { get; set; } = [];

    /// <summary>Checkpoint to serve: a blob key (e.g. "models/b0/model.safetensors") or a file path.</summary>
    public string? Checkpoint { get; set; }

    /// <summary>Intra-op threads per CPU device; 0 lets the engine decide.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Batches a model grain works on at once: one on the device while the next one's blobs are read and its images
    /// decoded and the previous one's results are stored. 1 serialises them, leaving the device idle in between.
    /// </summary>
    public int PipelineDepth { get; set; } = 2;

    /// <summary>Run one full batch through a freshly loaded model before reporting ready.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Fold each BatchNorm into its convolution when a model loads (exact up to float rounding; faster serving).</summary>
    public bool FoldBatchNorm { get; set; } = true;

    /// <summary>Devices with the default applied: "cpu" when none is configured.</summary>
    public IReadOnlyList<string> EffectiveDevices => Devices.Count == 0 ? ["cpu"] : Devices.Distinct(StringComparer.Ordinal).ToList();
}
