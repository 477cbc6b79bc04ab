using System.ComponentModel;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class BenchModelSettings : CommandSettings
{
    [CommandOption("--variant <B>")]
    [Description("EfficientNet variant b0 … b7 (random weights, 1000 classes, as torchvision's constructor).")]
    [DefaultValue("b6")]
    public string Variant { get; init; } = "b6";

    [CommandOption("--batch <N>")]
    [Description("Batch size, or several separated by commas (16,1): each is measured in turn, every engine at each.")]
    [DefaultValue("16")]
    public string Batch { get; init; } = "16";

    [CommandOption("--size <PX>")]
    [Description("Input height and width.")]
    [DefaultValue(224)]
    public int Size { get; init; } = 224;

    [CommandOption("--threads <N>")]
    [Description("libtorch threads, also passed to PyTorch; 0 = one per core.")]
    [DefaultValue(0)]
    public int Threads { get; init; }

    [CommandOption("--warmup <K>")]
    [Description("Untimed forward passes first.")]
    [DefaultValue(1)]
    public int WarmUp { get; init; } = 1;

    [CommandOption("--iterations <K>")]
    [Description("Timed forward passes.")]
    [DefaultValue(5)]
    public int Iterations { get; init; } = 5;

    [CommandOption("--device <DEVICE>")]
    [Description("cpu or cuda:N (the PyTorch comparison always runs on the CPU).")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--compare-pytorch")]
    [Description("Also run bench/pytorch_bench.py with the system's PyTorch and show the ratio.")]
    public bool ComparePyTorch { get; init; }

    [CommandOption("--compare-onnxruntime <FILE>")]
    [Description("Also run this ONNX model (bench/export_onnx.py writes torchvision's) in ONNX Runtime's CPU provider, passes alternating with TorchSharp's.")]
    public string? CompareOnnxRuntime { get; init; }

    [CommandOption("--steps")]
    [Description("Also time TorchSharp without the serving rewrites (BatchNorm not folded), alternating with the engine's configuration.")]
    public bool Steps { get; init; }

    [CommandOption("--python <PATH>")]
    [Description("Interpreter with torch and torchvision.")]
    [DefaultValue("/usr/bin/python3")]
    public string Python { get; init; } = "/usr/bin/python3";

    public override ValidationResult Validate()
    {
        if (!EfficientNetVariants.TryParse(Variant, out _))
            return ValidationResult.Error($"Unknown variant '{Variant}': use b0 … b7.");
        if (!TryParseBatches(Batch, out _))
            return ValidationResult.Error($"--batch '{Batch}' is not a batch size or a comma-separated list of them (each 1 … 1024).");
        if (CompareOnnxRuntime is not null && !File.Exists(CompareOnnxRuntime))
            return ValidationResult.Error($"--compare-onnxruntime: {CompareOnnxRuntime} not found (write it with bench/export_onnx.py).");
        if (Size < 32 || Threads < 0 || WarmUp < 0 || Iterations < 1)
            return ValidationResult.Error("--iterations must be at least 1, --size at least 32, --threads and --warmup not negative.");
        return ValidationResult.Success();
    }

    /// <summary>The batch sizes of <see cref="Batch"/>, in the order given.</summary>
    public IReadOnlyList<int> Batches => TryParseBatches(Batch, out var batches) ? batches : throw new InvalidOperationException($"Invalid --batch '{Batch}'.");

    private static bool TryParseBatches(string? text, out IReadOnlyList<int> batches)
    {
        var parsed = new List<int>();
        batches = parsed;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var batch) || batch is < 1 or > 1024)
                return false;
            parsed.Add(batch);
        }
        return true;
    }
}
