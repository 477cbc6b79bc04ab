using System.ComponentModel;
using FracCluster.Ml.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class TrainSettings : CommandSettings
{
    [CommandOption("--local")]
    [Description("Train in this process, no cluster.")]
    public bool Local { get; init; }

    [CommandOption("--cluster <URL>")]
    [Description("Train on the cluster behind this silo API (e.g. http://localhost:5080): the run is coordinated there and followed here. --data and --weights are as the silos see them (blob:PREFIX / blob keys, or shared paths).")]
    public string? Cluster { get; init; }

    [CommandOption("--api-key <KEY>")]
    [Description("Cluster API key (default: FRAC_API_KEY).")]
    public string? ApiKey { get; init; }

    [CommandOption("--publish")]
    [Description("Cluster: load the best model on every model grain when the run has finished.")]
    public bool Publish { get; init; }

    [CommandOption("--shard-size <N>")]
    [Description("Cluster: images per feature-extraction shard.")]
    [DefaultValue(32)]
    public int ShardSize { get; init; } = 32;

    [CommandOption("--data <SOURCE>")]
    [Description("Dataset: a FracAtlas or class-per-folder folder, blob:PREFIX or az://CONTAINER/PREFIX.")]
    public string Data { get; init; } = string.Empty;

    [CommandOption("--classes <NAMES>")]
    [Description("Class-per-folder data: class order, comma-separated (must match the checkpoint's).")]
    public string? Classes { get; init; }

    [CommandOption("--weights <CKPT>")]
    [Description("Starting checkpoint (X, X.safetensors or X.json), e.g. made by `frac import-weights` from ImageNet weights.")]
    public string Weights { get; init; } = string.Empty;

    [CommandOption("--mode <MODE>")]
    [Description("linear-probe (default: frozen backbone, features cached once) or fine-tune (all layers, as the seed code did).")]
    [DefaultValue("linear-probe")]
    public string Mode { get; init; } = "linear-probe";

    [CommandOption("--train-last-blocks <K>")]
    [Description("Fine-tune only the last K top-level backbone blocks and the head.")]
    public int? TrainLastBlocks { get; init; }

    [CommandOption("--flips")]
    [Description("Fine-tune only: random horizontal and vertical flips of the training images (seeded, repeatable).")]
    public bool Flips { get; init; }

    [CommandOption("--shift <PX>")]
    [Description("Fine-tune only: random shifts of the training images by up to PX pixels each way (0 = off).")]
    [DefaultValue(0)]
    public int Shift { get; init; }

    [CommandOption("--decode-cache-mb <MB>")]
    [Description("Fine-tune only: memory for decoded images kept across epochs (0 = decode every epoch; 224 px images take 588 KiB each).")]
    [DefaultValue(0)]
    public int DecodeCacheMegabytes { get; init; }

    [CommandOption("--epochs <N>")]
    [DefaultValue(20)]
    public int Epochs { get; init; } = 20;

    [CommandOption("--batch <N>")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--lr <LR>")]
    [DefaultValue(0.001)]
    public double LearningRate { get; init; } = 0.001;

    [CommandOption("--lr-schedule <SCHEDULE>")]
    [Description("constant (the original method) or cosine (decays per epoch towards zero); --local runs only.")]
    [DefaultValue("constant")]
    public string LrSchedule { get; init; } = "constant";

    [CommandOption("--seed <S>")]
    [Description("Seeds the split, shuffling and dropout.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--image-size <N>")]
    [Description("Input size (default: the checkpoint's preprocessing, 224 for the original method).")]
    public int? ImageSize { get; init; }

    [CommandOption("--split <RATIOS>")]
    [Description("Train/validation/test ratios for a new split, e.g. 0.8,0.1,0.1.")]
    [DefaultValue(DefaultSplit)]
    public string Split { get; init; } = DefaultSplit;

    [CommandOption("--manifest <M>")]
    [Description("Reuse this split manifest (json or csv) instead of making a new split.")]
    public string? Manifest { get; init; }

    [CommandOption("--class-weighted")]
    [Description("Weight the loss by inverse class frequency (FracAtlas is about 82 % non-fractured). Off by default.")]
    public bool ClassWeighted { get; init; }

    [CommandOption("--target-sensitivity <S>")]
    [DefaultValue(DefaultTargetSensitivity)]
    public double TargetSensitivity { get; init; } = DefaultTargetSensitivity;

    [CommandOption("--resume")]
    [Description("Continue the run in --out after its last completed epoch.")]
    public bool Resume { get; init; }

    [CommandOption("--device <DEVICE>")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--feature-cache <DIR>")]
    [Description("Feature cache folder (default: .feature-cache beside the run folder, shared by runs).")]
    public string? FeatureCache { get; init; }

    [CommandOption("--heatmaps")]
    [Description("After training, Grad-CAM overlays of the best model's test true positives, false positives and false negatives under OUT/heatmaps, and with fracture boxes in the data the localisation table beside a random-init model and a centre prior; both added to report.md.")]
    public bool Heatmaps { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Run folder: report, metrics, plots, TensorBoard, state and best checkpoint.")]
    public string Out { get; init; } = string.Empty;

    public LearningRateSchedule ParsedSchedule => ParseSchedule(LrSchedule) ?? throw new InvalidOperationException("Validated already.");

    public static LearningRateSchedule? ParseSchedule(string schedule) => schedule.Trim().ToLowerInvariant() switch
    {
        "constant" => LearningRateSchedule.Constant,
        "cosine" => LearningRateSchedule.Cosine,
        _ => null,
    };

    public TrainingMode ParsedMode => ParseMode(Mode) ?? throw new InvalidOperationException("Validated already.");

    public static TrainingMode? ParseMode(string mode) => mode.Trim().ToLowerInvariant() switch
    {
        "linear-probe" or "linear" or "probe" => TrainingMode.LinearProbe,
        "fine-tune" or "finetune" => TrainingMode.FineTune,
        _ => null,
    };

    private const string DefaultSplit = "0.8,0.1,0.1";
    private const double DefaultTargetSensitivity = 0.95;

    /// <summary>The options given that <see cref="Contracts.Training.TrainingRunRequest"/> has no field for: a cluster run must refuse them, not drop them.</summary>
    private IEnumerable<string> LocalOnlyOptions()
    {
        if (ParseSchedule(LrSchedule) is not LearningRateSchedule.Constant)
            yield return "--lr-schedule";
        if (Flips)
            yield return "--flips";
        if (Shift != 0)
            yield return "--shift";
        if (DecodeCacheMegabytes != 0)
            yield return "--decode-cache-mb";
        if (TrainLastBlocks is not null)
            yield return "--train-last-blocks";
        if (ClassWeighted)
            yield return "--class-weighted";
        if (Resume)
            yield return "--resume";
        if (Manifest is not null)
            yield return "--manifest";
        if (FeatureCache is not null)
            yield return "--feature-cache";
        if (Classes is not null)
            yield return "--classes";
        if (Heatmaps)
            yield return "--heatmaps";
        if (Split != DefaultSplit)
            yield return "--split";
        if (Device != "cpu")
            yield return "--device";
        if (TargetSensitivity != DefaultTargetSensitivity)
            yield return "--target-sensitivity";
    }

    public override ValidationResult Validate()
    {
        if (Local == (Cluster is not null))
            return ValidationResult.Error("Choose one: --local (train in this process) or --cluster URL (train on the cluster).");
        if (string.IsNullOrWhiteSpace(Data))
            return ValidationResult.Error("--data SOURCE is required.");
        if (string.IsNullOrWhiteSpace(Weights))
            return ValidationResult.Error("--weights CKPT is required (import ImageNet weights with `frac import-weights` first).");
        if (Local && string.IsNullOrWhiteSpace(Out))
            return ValidationResult.Error("--out DIR is required.");
        if (ShardSize < 1)
            return ValidationResult.Error("--shard-size must be positive.");
        if (ParseMode(Mode) is null)
            return ValidationResult.Error($"--mode '{Mode}' is not linear-probe or fine-tune.");
        if (ParseSchedule(LrSchedule) is null)
            return ValidationResult.Error($"--lr-schedule '{LrSchedule}' is not constant or cosine.");
        if (!Local && LocalOnlyOptions().ToList() is { Count: > 0 } localOnly)
            return ValidationResult.Error($"{string.Join(", ", localOnly)}: only --local runs take {(localOnly.Count == 1 ? "this" : "these")}; a cluster run would ignore {(localOnly.Count == 1 ? "it" : "them")} (it trains at a constant rate, without augmentation, on the cluster's split and devices).");
        if (TrainLastBlocks is not null && ParseMode(Mode) != TrainingMode.FineTune)
            return ValidationResult.Error("--train-last-blocks needs --mode fine-tune.");
        if ((Flips || Shift != 0 || DecodeCacheMegabytes != 0) && ParseMode(Mode) != TrainingMode.FineTune)
            return ValidationResult.Error("--flips, --shift and --decode-cache-mb need --mode fine-tune.");
        if (Shift < 0)
            return ValidationResult.Error("--shift cannot be negative.");
        if (DecodeCacheMegabytes < 0)
            return ValidationResult.Error("--decode-cache-mb cannot be negative.");
        if (Epochs < 1 || Batch < 1 || !(LearningRate > 0))
            return ValidationResult.Error("--epochs, --batch and --lr must be positive.");
        if (ImageSize is < 16 or > 2048)
            return ValidationResult.Error("--image-size must be between 16 and 2048.");
        if (TargetSensitivity is <= 0 or > 1)
            return ValidationResult.Error("--target-sensitivity must be in (0, 1].");
        return ValidationResult.Success();
    }
}
