using System.Globalization;
using FracCluster.Imaging.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>`frac synth`: a synthetic FracAtlas-layout dataset of radiograph-like JPEGs, for tests and demos.</summary>
public sealed class SynthCommand : AsyncCommand<SynthSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SynthSettings settings, CancellationToken cancellationToken)
    {
        var options = new SyntheticDatasetOptions
        {
            Count = settings.Count,
            FracturedRatio = settings.FracturedRatio,
            Seed = settings.Seed,
            MaxDegreeOfParallelism = settings.Parallelism,
            Overwrite = settings.Force,
            ContactSheetPath = settings.ContactSheet,
            Radiograph = new SyntheticRadiographOptions { MinSize = settings.MinSize, MaxSize = settings.MaxSize },
        };
        SyntheticDatasetSummary summary;
        try
        {
            summary = await AnsiConsole.Progress()
                .AutoClear(true)
                .StartAsync(async progressContext =>
                {
                    var task = progressContext.AddTask("rendering", maxValue: settings.Count);
                    var progress = new Progress<int>(done => task.Value = done);
                    return await new SyntheticDatasetWriter().WriteAsync(settings.Out, options, progress, cancellationToken);
                });
        }
        catch (IOException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 1;
        }

        var seconds = summary.Elapsed.TotalSeconds;
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Wrote {summary.Count} images ({summary.Fractured} fractured) to {summary.Directory} in {seconds:F1} s ({summary.Count / Math.Max(seconds, 1e-9):F0} images/s).");
        AnsiConsole.MarkupLineInterpolated($"Labels: {summary.CsvPath}");
        if (summary.ContactSheetPath is not null)
            AnsiConsole.MarkupLineInterpolated($"Contact sheet: {summary.ContactSheetPath}");
        return 0;
    }
}
