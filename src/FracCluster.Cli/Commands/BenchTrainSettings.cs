using System.ComponentModel;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class BenchTrainSettings : CommandSettings
{
    [CommandOption("--variant <B>")]
    [Description("EfficientNet variant b0 … b7 (random weights: timing only).")]
    [DefaultValue("b6")]
    public string Variant { get; init; } = "b6";

    [CommandOption("--width <W>")]
    [Description("Width multiplier override (small test variants).")]
    public double? Width { get; init; }

    [CommandOption("--depth <D>")]
    [Description("Depth multiplier override (small test variants).")]
    public double? Depth { get; init; }

    [CommandOption("--images <N>")]
    [Description("Synthetic images, split 80/10/10.")]
    [DefaultValue(200)]
    public int Images { get; init; } = 200;

    [CommandOption("--size <N>")]
    [Description("Model input size.")]
    [DefaultValue(224)]
    public int Size { get; init; } = 224;

    [CommandOption("--epochs <N>")]
    [DefaultValue(20)]
    public int Epochs { get; init; } = 20;

    [CommandOption("--batch <N>")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--measure-epochs <N>")]
    [Description("Epochs of the original method actually run before extrapolating.")]
    [DefaultValue(1)]
    public int MeasureEpochs { get; init; } = 1;

    [CommandOption("--device <DEVICE>")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate()
    {
        if (!EfficientNetVariants.TryParse(Variant, out _))
            return ValidationResult.Error($"--variant '{Variant}' is not b0 … b7.");
        if (Images < 20)
            return ValidationResult.Error("--images must be at least 20 (each split needs both classes).");
        if (Size is < 32 or > 1024 || Epochs < 1 || Batch < 1 || MeasureEpochs < 1 || MeasureEpochs > Epochs)
            return ValidationResult.Error("--size must be 32…1024; --epochs, --batch positive; --measure-epochs between 1 and --epochs.");
        return ValidationResult.Success();
    }
}
