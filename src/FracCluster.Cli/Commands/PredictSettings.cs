using System.ComponentModel;
using FracCluster.Cli.Prediction;
using FracCluster.Ml.Inference;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class PredictSettings : CommandSettings
{
    [CommandArgument(0, "<FILES|DIR>")]
    [Description("Image files and/or folders (searched recursively for .jpg .jpeg .png .bmp .tif .tiff .gif .webp).")]
    public string[] Paths { get; init; } = [];

    [CommandOption("-c|--checkpoint <CKPT>")]
    [Description("Checkpoint: X, X.safetensors or X.json.")]
    public string Checkpoint { get; init; } = string.Empty;

    [CommandOption("--json")]
    [Description("One JSON object per line instead of a table.")]
    public bool Json { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu or cuda:N.")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--threads <N>")]
    [Description("libtorch threads; 0 = one per core.")]
    [DefaultValue(0)]
    public int Threads { get; init; }

    [CommandOption("--batch <N>")]
    [Description("Images per forward pass.")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--heatmaps <DIR>")]
    [Description("Also compute Grad-CAM heatmaps and write each overlay (colour over the grey image, top region boxed) into DIR as NAME.heatmap.png.")]
    public string? Heatmaps { get; init; }

    [CommandOption("--heatmap-method <METHOD>")]
    [Description("gradcam or gradcam++.")]
    [DefaultValue("gradcam")]
    public string HeatmapMethod { get; init; } = "gradcam";

    [CommandOption("-v|--verbose")]
    [Description("Log engine events to stderr.")]
    public bool Verbose { get; init; }

    public InferenceOptions ToInferenceOptions() => new()
    {
        Device = Device,
        Threads = Threads,
        MaxBatchSize = Batch,
        WarmUp = false,
    };

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint))
            return ValidationResult.Error("--checkpoint is required.");
        if (Paths.Length == 0)
            return ValidationResult.Error("Give at least one image file or folder.");
        if (HeatmapMethods.Parse(HeatmapMethod) is null)
            return ValidationResult.Error($"--heatmap-method must be gradcam or gradcam++, not '{HeatmapMethod}'.");
        var errors = ToInferenceOptions().Validate();
        return errors.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(" ", errors));
    }
}
