using System.ComponentModel;
using System.Globalization;
using FracCluster.Cli.Prediction;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class BenchHeatmapSettings : CommandSettings
{
    [CommandOption("--variant <B>")]
    [Description("EfficientNet variant b0 … b7 (random weights, 2 classes).")]
    [DefaultValue("b0")]
    public string Variant { get; init; } = "b0";

    [CommandOption("--width <W>")]
    [Description("Width multiplier instead of the variant's (a smaller model for a quick run).")]
    public double? Width { get; init; }

    [CommandOption("--depth <D>")]
    [Description("Depth multiplier instead of the variant's.")]
    public double? Depth { get; init; }

    [CommandOption("--size <PX>")]
    [Description("Model input size.")]
    [DefaultValue(224)]
    public int Size { get; init; } = 224;

    [CommandOption("--batch <N>")]
    [Description("Batch sizes of the per-image part, separated by commas.")]
    [DefaultValue("1,16")]
    public string Batch { get; init; } = "1,16";

    [CommandOption("--iterations <K>")]
    [Description("Timed passes per batch size and path (forward, forward + Grad-CAM, + overlay), alternating.")]
    [DefaultValue(5)]
    public int Iterations { get; init; } = 5;

    [CommandOption("--method <M>")]
    [Description("gradcam or gradcam++.")]
    [DefaultValue("gradcam")]
    public string Method { get; init; } = "gradcam";

    [CommandOption("--stream <N>")]
    [Description("Scans per burst and per paced stream in the latency part (heatmaps off, then on at threshold 0); 0 skips it.")]
    [DefaultValue(96)]
    public int Stream { get; init; } = 96;

    [CommandOption("--rate <R>")]
    [Description("Images/s of the paced streams; default half the burst throughput measured with heatmaps off.")]
    public double? Rate { get; init; }

    [CommandOption("--threads <N>")]
    [Description("libtorch threads; 0 = libtorch's default.")]
    [DefaultValue(0)]
    public int Threads { get; init; }

    [CommandOption("--data-dir <DIR>")]
    [Description("Where the embedded silos of the latency part keep their data (a fresh subfolder per run).")]
    [DefaultValue("data/bench-heatmap")]
    public string DataDir { get; init; } = "data/bench-heatmap";

    public override ValidationResult Validate()
    {
        if (!EfficientNetVariants.TryParse(Variant, out _))
            return ValidationResult.Error($"Unknown variant '{Variant}': use b0 … b7.");
        if (Batches is null)
            return ValidationResult.Error($"--batch '{Batch}' is not a batch size or a comma-separated list of them (each 1 … 256).");
        if (CamMethodOrNull is null)
            return ValidationResult.Error($"--method '{Method}': use gradcam or gradcam++.");
        if (Size < 32 || Iterations < 1 || Stream < 0 || Threads < 0 || Rate is <= 0 || Width is <= 0 || Depth is <= 0)
            return ValidationResult.Error("--size at least 32, --iterations at least 1, --stream and --threads not negative, --rate, --width and --depth positive.");
        return ValidationResult.Success();
    }

    public CamMethod CamMethod => CamMethodOrNull ?? throw new InvalidOperationException($"Invalid --method '{Method}'.");

    private CamMethod? CamMethodOrNull => HeatmapMethods.Parse(Method);

    /// <summary>The batch sizes of <see cref="Batch"/> in the order given; null when malformed.</summary>
    public IReadOnlyList<int>? Batches
    {
        get
        {
            var parsed = new List<int>();
            foreach (var part in Batch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var batch) || batch is < 1 or > 256)
                    return null;
                parsed.Add(batch);
            }
            return parsed.Count == 0 ? null : parsed;
        }
    }
}
