using System.ComponentModel;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class BenchMemorySettings : CommandSettings
{
    [CommandOption("-c|--checkpoint <CKPT>")]
    [Description("Checkpoint to serve; without it a random-weight --variant is built.")]
    public string? Checkpoint { get; init; }

    [CommandOption("--variant <B>")]
    [Description("EfficientNet variant when no checkpoint is given.")]
    [DefaultValue("b0")]
    public string Variant { get; init; } = "b0";

    [CommandOption("--width <W>")]
    [Description("Width multiplier override (small test networks).")]
    public double? Width { get; init; }

    [CommandOption("--depth <D>")]
    [Description("Depth multiplier override (small test networks).")]
    public double? Depth { get; init; }

    [CommandOption("--size <PX>")]
    [Description("Model input size when no checkpoint is given.")]
    [DefaultValue(224)]
    public int Size { get; init; } = 224;

    [CommandOption("--images <N>")]
    [DefaultValue(10000L)]
    public long Images { get; init; } = 10000;

    [CommandOption("--batch <N>")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--every <BATCHES>")]
    [Description("Sample memory every this many batches.")]
    [DefaultValue(50)]
    public int Every { get; init; } = 50;

    [CommandOption("--image-size <PX>")]
    [Description("Side of the synthetic JPEGs fed in (decoded and resized like real scans).")]
    [DefaultValue(512)]
    public int ImageSize { get; init; } = 512;

    [CommandOption("--threads <N>")]
    [DefaultValue(0)]
    public int Threads { get; init; }

    [CommandOption("--device <DEVICE>")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate()
    {
        if (Checkpoint is null && !EfficientNetVariants.TryParse(Variant, out _))
            return ValidationResult.Error($"Unknown variant '{Variant}': use b0 … b7.");
        if (Images < 1 || Batch < 1 || Every < 1 || Size < 32 || ImageSize < 8 || Threads < 0)
            return ValidationResult.Error("--images, --batch and --every must be at least 1, --size at least 32, --image-size at least 8, --threads not negative.");
        return ValidationResult.Success();
    }
}
