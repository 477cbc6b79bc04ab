using System.ComponentModel;
using FracCluster.Ml.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class EvaluateSettings : CommandSettings
{
    [CommandOption("--checkpoint <CKPT>")]
    [Description("Checkpoint to score (X, X.safetensors or X.json).")]
    public string Checkpoint { get; init; } = string.Empty;

    [CommandOption("--data <SOURCE>")]
    [Description("Dataset: a folder, blob:PREFIX or az://CONTAINER/PREFIX.")]
    public string Data { get; init; } = string.Empty;

    [CommandOption("--classes <NAMES>")]
    [Description("Class-per-folder data: class order, comma-separated.")]
    public string? Classes { get; init; }

    [CommandOption("--split <SPLIT>")]
    [Description("train, validation, test (default) or all. A split needs a manifest: --manifest, or the split-manifest.json beside the checkpoint.")]
    [DefaultValue("test")]
    public string Split { get; init; } = "test";

    [CommandOption("--manifest <M>")]
    [Description("Split manifest (json or csv); default: split-manifest.json in the checkpoint's folder.")]
    public string? Manifest { get; init; }

    [CommandOption("--target-sensitivity <S>")]
    [DefaultValue(0.95)]
    public double TargetSensitivity { get; init; } = 0.95;

    [CommandOption("--batch <N>")]
    [DefaultValue(32)]
    public int Batch { get; init; } = 32;

    [CommandOption("--device <DEVICE>")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--heatmaps <DIR>")]
    [Description("Also write Grad-CAM overlays of true positives, false positives and false negatives into DIR, and the localisation table (pointing game, mass inside boxes, against a random-init model and a centre prior) when the data set has fracture boxes (DIR/heatmaps.md).")]
    public string? Heatmaps { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Also write evaluation.md, roc.png, confusion.png and predictions.csv here.")]
    public string? Out { get; init; }

    /// <summary>Null for "all".</summary>
    public SplitName? ParsedSplit => ParseSplit(Split) ?? throw new InvalidOperationException("Validated already.");

    public bool AllImages => Split.Trim().Equals("all", StringComparison.OrdinalIgnoreCase);

    public static SplitName? ParseSplit(string text) => text.Trim().ToLowerInvariant() switch
    {
        "train" => SplitName.Train,
        "validation" or "val" => SplitName.Validation,
        "test" => SplitName.Test,
        _ => null,
    };

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint))
            return ValidationResult.Error("--checkpoint CKPT is required.");
        if (string.IsNullOrWhiteSpace(Data))
            return ValidationResult.Error("--data SOURCE is required.");
        if (!AllImages && ParseSplit(Split) is null)
            return ValidationResult.Error($"--split '{Split}' is not train, validation, test or all.");
        if (Batch < 1)
            return ValidationResult.Error("--batch must be positive.");
        if (TargetSensitivity is <= 0 or > 1)
            return ValidationResult.Error("--target-sensitivity must be in (0, 1].");
        return ValidationResult.Success();
    }
}
