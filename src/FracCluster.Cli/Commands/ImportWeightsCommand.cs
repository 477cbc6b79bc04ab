using System.ComponentModel;
using System.Globalization;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Import;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// <c>frac import-weights FILE --format torchvision|efficientnet-pytorch --variant b6 [--labels a,b] [--keep-head]
/// [--image-size N] --out CKPT</c>: turns a PyTorch state dict into a project checkpoint (CKPT.safetensors + CKPT.json).
/// </summary>
public sealed class ImportWeightsCommand : Command<ImportWeightsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A torch.save state dict (zip format), e.g. efficientnet_b6_*.pth or best_model.pth.")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--format <FORMAT>")]
        [Description("Key naming of the file: torchvision or efficientnet-pytorch.")]
        public string Format { get; init; } = string.Empty;

        [CommandOption("--variant <VARIANT>")]
        [Description("b0 … b7.")]
        public string Variant { get; init; } = string.Empty;

        [CommandOption("--labels <LABELS>")]
        [Description("Class names in output order, comma-separated (default fractured,non_fractured).")]
        public string? Labels { get; init; }

        [CommandOption("--positive-label <LABEL>")]
        [Description("The label reported as the fracture probability (default fractured).")]
        [DefaultValue("fractured")]
        public string PositiveLabel { get; init; } = "fractured";

        [CommandOption("--keep-head")]
        [Description("Keep the file's classifier even if its class count differs from the labels (e.g. 1000 ImageNet classes, to verify the import).")]
        public bool KeepHead { get; init; }

        [CommandOption("--padding <MODE>")]
        [Description("symmetric or tf-same (default: symmetric for torchvision, tf-same for efficientnet-pytorch).")]
        public string? Padding { get; init; }

        [CommandOption("--image-size <N>")]
        [Description("Image size the TF-same padding is computed for (default: the variant's, 528 for b6).")]
        public int? ImageSize { get; init; }

        [CommandOption("--input-size <N>")]
        [Description("Model input size stored in the checkpoint's preprocessing settings.")]
        [DefaultValue(224)]
        public int InputSize { get; init; } = 224;

        [CommandOption("--width <W>")]
        [Description("Width multiplier override for non-standard networks.")]
        public double? Width { get; init; }

        [CommandOption("--depth <D>")]
        [Description("Depth multiplier override for non-standard networks.")]
        public double? Depth { get; init; }

        [CommandOption("--out <CKPT>")]
        [Description("Checkpoint base path: writes CKPT.safetensors and CKPT.json.")]
        public string Out { get; init; } = string.Empty;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(File))
                return ValidationResult.Error("FILE is required.");
            if (ParseFormat(Format) is null)
                return ValidationResult.Error("--format must be torchvision or efficientnet-pytorch.");
            if (!EfficientNetVariants.TryParse(Variant, out _))
                return ValidationResult.Error("--variant must be one of b0 … b7.");
            if (string.IsNullOrWhiteSpace(Out))
                return ValidationResult.Error("--out CKPT is required.");
            if (ImageSize is < 1)
                return ValidationResult.Error("--image-size must be positive.");
            if (InputSize < 1)
                return ValidationResult.Error("--input-size must be positive.");
            if (Padding is not null && Padding is not ("symmetric" or "tf-same"))
                return ValidationResult.Error("--padding must be symmetric or tf-same.");
            return ValidationResult.Success();
        }

        internal static WeightsFormat? ParseFormat(string format) => format.Trim().ToLowerInvariant() switch
        {
            "torchvision" => WeightsFormat.Torchvision,
            "efficientnet-pytorch" or "efficientnet_pytorch" => WeightsFormat.EfficientNetPyTorch,
            _ => null,
        };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new WeightImportOptions
        {
            Format = Settings.ParseFormat(settings.Format)!.Value,
            Variant = EfficientNetVariants.Parse(settings.Variant),
            Width = settings.Width,
            Depth = settings.Depth,
            ClassNames = settings.Labels?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            PositiveLabel = settings.PositiveLabel,
            KeepHead = settings.KeepHead,
            Padding = settings.Padding is null ? null : ModelFactory.ParsePadding(settings.Padding),
            PaddingImageSize = settings.ImageSize,
            InputSize = settings.InputSize,
        };

        try
        {
            using var imported = WeightImporter.Import(settings.File, options);
            cancellationToken.ThrowIfCancellationRequested();
            var written = ModelCheckpoint.Save(imported.Model, imported.Metadata, settings.Out);
            var paths = CheckpointPaths.From(settings.Out);

            var table = new Table().AddColumn("Imported").AddColumn("Value");
            table.AddRow("model", Markup.Escape(ModelFactory.Describe(imported.Model.Config)));
            table.AddRow("features", imported.Model.FeatureCount.ToString(CultureInfo.InvariantCulture));
            table.AddRow("classes", Markup.Escape(string.Join(", ", written.ClassNames.Select((c, i) => $"{i}={c}"))));
            table.AddRow("positive class", Markup.Escape(written.ClassNames[written.PositiveClass]));
            table.AddRow("head", imported.HeadReplaced
                ? $"replaced ({imported.SourceClasses?.ToString(CultureInfo.InvariantCulture) ?? "no"} outputs in the file → fresh {written.ClassNames.Count}-class head)"
                : "kept from the file");
            table.AddRow("weights", Markup.Escape(paths.WeightsPath));
            table.AddRow("metadata", Markup.Escape(paths.MetadataPath));
            AnsiConsole.Write(table);
            // Hashes on their own lines so they are never wrapped and copy cleanly.
            AnsiConsole.WriteLine($"weights sha256 {written.WeightsSha256}");
            AnsiConsole.WriteLine($"source  sha256 {written.SourceWeightsSha256}");
            return 0;
        }
        catch (Exception e) when (e is CheckpointException or ArgumentException or FileNotFoundException)
        {
            AnsiConsole.MarkupLine("[red]import-weights failed:[/] " + Markup.Escape(e.Message));
            return 2;
        }
    }
}
