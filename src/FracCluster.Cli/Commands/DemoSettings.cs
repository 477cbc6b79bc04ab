using System.ComponentModel;
using System.Globalization;
using FracCluster.Cli.Demo;
using FracCluster.Ml.Models;
using FracCluster.Ml.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class DemoSettings : CommandSettings
{
    [CommandOption("--data-dir <DIR>")]
    [Description("The embedded silo's data folder: scans, grain state, API key, synthetic dataset, training runs.")]
    [DefaultValue("data/demo")]
    public string DataDir { get; init; } = "data/demo";

    [CommandOption("--checkpoint <CKPT>")]
    [Description("Serve this checkpoint instead of training one (the held-out synthetic scans are still streamed).")]
    public string? Checkpoint { get; init; }

    [CommandOption("--images <N>")]
    [Description("Synthetic radiographs to make (split 80/10/10 into train, validation and test).")]
    [DefaultValue(3200)]
    public int Images { get; init; } = 3200;

    [CommandOption("--fractured-ratio <R>")]
    [Description("Share of fractured images in the synthetic dataset.")]
    [DefaultValue(0.5)]
    public double FracturedRatio { get; init; } = 0.5;

    [CommandOption("--seed <S>")]
    [Description("Seeds the dataset, the split, the initial weights and training.")]
    [DefaultValue(7)]
    public int Seed { get; init; } = 7;

    [CommandOption("--variant <B>")]
    [Description("EfficientNet structure b0 … b7 of the demo model.")]
    [DefaultValue("b0")]
    public string Variant { get; init; } = "b0";

    [CommandOption("--width <W>")]
    [Description("Channel multiplier of the demo model.")]
    [DefaultValue(0.5)]
    public double Width { get; init; } = 0.5;

    [CommandOption("--depth <D>")]
    [Description("Layer-count multiplier of the demo model.")]
    [DefaultValue(0.3)]
    public double Depth { get; init; } = 0.3;

    [CommandOption("--size <PX>")]
    [Description("Input resolution of the demo model.")]
    [DefaultValue(96)]
    public int Size { get; init; } = 96;

    [CommandOption("--fracture-scale <F>")]
    [Description("Multiplies the synthetic fractures' gap, displacement and angulation (1 = realistic; larger = conspicuous enough for a tiny from-scratch model).")]
    [DefaultValue(5.0)]
    public double FractureScale { get; init; } = 5.0;

    [CommandOption("--no-augment")]
    [Description("Train without the random flips and shifts.")]
    public bool NoAugment { get; init; }

    [CommandOption("--shift <PX>")]
    [Description("Random shifts of the training images by up to PX pixels each way (0 = off).")]
    [DefaultValue(6)]
    public int Shift { get; init; } = 6;

    [CommandOption("--epochs <N>")]
    [DefaultValue(20)]
    public int Epochs { get; init; } = 20;

    [CommandOption("--lr <LR>")]
    [DefaultValue(0.003)]
    public double LearningRate { get; init; } = 0.003;

    [CommandOption("--lr-schedule <SCHEDULE>")]
    [Description("constant or cosine (decays per epoch towards zero).")]
    [DefaultValue("cosine")]
    public string LrSchedule { get; init; } = "cosine";

    [CommandOption("--port <PORT>")]
    [Description("HTTP port of the API on localhost (0 = any free port).")]
    [DefaultValue(5080)]
    public int Port { get; init; } = 5080;

    [CommandOption("--scanners <K>")]
    [Description("Simulated scanners sending the held-out scans.")]
    [DefaultValue(4)]
    public int Scanners { get; init; } = 4;

    [CommandOption("--rate <R>")]
    [Description("Images per second over all scanners.")]
    [DefaultValue(40.0)]
    public double Rate { get; init; } = 40;

    [CommandOption("--no-serve")]
    [Description("Stop after the stream summary instead of serving until Ctrl-C.")]
    public bool NoServe { get; init; }

    [CommandOption("--keep-serving")]
    [Description("Serve until Ctrl-C after the summary (the default; overrides --no-serve).")]
    public bool KeepServing { get; init; }

    public bool Serve => KeepServing || !NoServe;

    public DemoModelOptions ModelOptions() => new()
    {
        Images = Images,
        FracturedRatio = FracturedRatio,
        Seed = Seed,
        Variant = EfficientNetVariants.Parse(Variant),
        Width = Width,
        Depth = Depth,
        Size = Size,
        Epochs = Epochs,
        LearningRate = LearningRate,
        Schedule = TrainSettings.ParseSchedule(LrSchedule) ?? LearningRateSchedule.Cosine,
        FractureScale = FractureScale,
        FlipAugmentation = !NoAugment,
        ShiftPixels = NoAugment ? 0 : Shift,
    };

    public override ValidationResult Validate()
    {
        if (!EfficientNetVariants.TryParse(Variant, out _))
            return ValidationResult.Error($"--variant '{Variant}' is not one of b0 … b7.");
        if (Port is < 0 or > 65535)
            return ValidationResult.Error("--port must be between 0 and 65535.");
        if (Scanners is < 1 or > 1000)
            return ValidationResult.Error("--scanners must be between 1 and 1000.");
        if (Rate is <= 0 or > 100_000)
            return ValidationResult.Error("--rate must be between 0 and 100000 images/s.");
        if (TrainSettings.ParseSchedule(LrSchedule) is null)
            return ValidationResult.Error($"--lr-schedule '{LrSchedule}' is not constant or cosine.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            return ValidationResult.Error("--lr must be a positive number.");
        try
        {
            ModelOptions().Validate();
        }
        catch (ArgumentException ex)
        {
            return ValidationResult.Error(ex.Message);
        }
        return Checkpoint is null || File.Exists(Checkpoint) || File.Exists(Checkpoint + ".json") || File.Exists(Checkpoint + ".safetensors")
            ? ValidationResult.Success()
            : ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--checkpoint '{Checkpoint}' not found (expected {Checkpoint}.safetensors and {Checkpoint}.json)."));
    }
}
