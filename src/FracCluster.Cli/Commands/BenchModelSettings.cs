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
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

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

    [CommandOption("--python <PATH>")]
    [Description("Interpreter with torch and torchvision.")]
    [DefaultValue("/usr/bin/python3")]
    public string Python { get; init; } = "/usr/bin/python3";

    public override ValidationResult Validate()
    {
        if (!EfficientNetVariants.TryParse(Variant, out _))
            return ValidationResult.Error($"Unknown variant '{Variant}': use b0 … b7.");
        if (Batch < 1 || Size < 32 || Threads < 0 || WarmUp < 0 || Iterations < 1)
            return ValidationResult.Error("--batch and --iterations must be at least 1, --size at least 32, --threads and --warmup not negative.");
        return ValidationResult.Success();
    }
}
