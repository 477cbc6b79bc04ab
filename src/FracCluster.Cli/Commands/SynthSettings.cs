using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class SynthSettings : CommandSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Output folder; receives images/Fractured, images/Non_fractured and dataset.csv (FracAtlas layout).")]
    public string Out { get; init; } = string.Empty;

    [CommandOption("--count <N>")]
    [Description("Number of images.")]
    [DefaultValue(1000)]
    public int Count { get; init; } = 1000;

    [CommandOption("--fractured-ratio <RATIO>")]
    [Description("Share of fractured images (FracAtlas: 0.18).")]
    [DefaultValue(0.18)]
    public double FracturedRatio { get; init; } = 0.18;

    [CommandOption("--seed <SEED>")]
    [Description("Seed: the same seed writes identical files.")]
    [DefaultValue(0L)]
    public long Seed { get; init; }

    [CommandOption("--min-size <PX>")]
    [Description("Smallest image side in pixels.")]
    [DefaultValue(300)]
    public int MinSize { get; init; } = 300;

    [CommandOption("--max-size <PX>")]
    [Description("Largest image side in pixels.")]
    [DefaultValue(600)]
    public int MaxSize { get; init; } = 600;

    [CommandOption("--parallelism <N>")]
    [Description("Images rendered at once.")]
    [DefaultValue(2)]
    public int Parallelism { get; init; } = 2;

    [CommandOption("--contact-sheet <PATH>")]
    [Description("Also write a PNG grid of examples of both classes (red border = fractured).")]
    public string? ContactSheet { get; init; }

    [CommandOption("--force")]
    [Description("Replace a dataset already in --out.")]
    public bool Force { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
            return ValidationResult.Error("--out is required.");
        if (Count < 1)
            return ValidationResult.Error("--count must be at least 1.");
        if (FracturedRatio is < 0 or > 1)
            return ValidationResult.Error("--fractured-ratio must lie between 0 and 1.");
        if (MinSize < 64 || MaxSize < MinSize)
            return ValidationResult.Error("Sizes need 64 ≤ --min-size ≤ --max-size.");
        return Parallelism < 1 ? ValidationResult.Error("--parallelism must be at least 1.") : ValidationResult.Success();
    }
}
