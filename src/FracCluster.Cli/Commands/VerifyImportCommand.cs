using System.ComponentModel;
using System.Globalization;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Import;
using FracCluster.Ml.Torch;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// <c>frac verify-import --checkpoint CKPT --reference REF.pth</c>: runs the checkpoint on REF.pth's input
/// (<c>torch.save({'input': x, 'logits': y})</c> from the user's PyTorch), prints the max absolute difference and exits
/// 0 when it is within the tolerance (1e-4), 1 when not, 2 when the files cannot be used.
/// </summary>
public sealed class VerifyImportCommand : Command<VerifyImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <CKPT>")]
        [Description("Checkpoint base path (or its .safetensors / .json).")]
        public string Checkpoint { get; init; } = string.Empty;

        [CommandOption("--reference <REF>")]
        [Description("torch.save({'input': x, 'logits': y[, 'features': f]}) made in PyTorch, zip format.")]
        public string Reference { get; init; } = string.Empty;

        [CommandOption("--tolerance <T>")]
        [Description("Largest accepted absolute difference.")]
        [DefaultValue(ImportVerification.DefaultTolerance)]
        public double Tolerance { get; init; } = ImportVerification.DefaultTolerance;

        [CommandOption("--device <DEVICE>")]
        [Description("cpu or cuda:N.")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Checkpoint))
                return ValidationResult.Error("--checkpoint CKPT is required.");
            if (string.IsNullOrWhiteSpace(Reference))
                return ValidationResult.Error("--reference REF.pth is required.");
            if (!(Tolerance >= 0))
                return ValidationResult.Error("--tolerance must be a non-negative number.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var loaded = ModelCheckpoint.Load(settings.Checkpoint, TorchRuntime.ParseDevice(settings.Device));
            var result = ImportVerifier.Verify(loaded.Model, settings.Reference, settings.Tolerance);

            var input = string.Join('×', result.InputShape);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "input [[{0}]]  model {1}", input, Markup.Escape(loaded.Metadata.VersionLabel));
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "max abs difference, logits:   {0:E3}", result.MaxAbsLogitDifference);
            if (result.MaxAbsFeatureDifference is { } features)
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "max abs difference, features: {0:E3}", features);
            AnsiConsole.MarkupLine(result.Passed
                ? string.Create(CultureInfo.InvariantCulture, $"[green]PASS[/] (≤ {result.Tolerance:G3})")
                : string.Create(CultureInfo.InvariantCulture, $"[red]FAIL[/] (> {result.Tolerance:G3})"));
            return result.Passed ? 0 : 1;
        }
        catch (Exception e) when (e is CheckpointException or ArgumentException or FileNotFoundException or InvalidOperationException)
        {
            AnsiConsole.MarkupLine("[red]verify-import failed:[/] " + Markup.Escape(e.Message));
            return 2;
        }
    }
}
