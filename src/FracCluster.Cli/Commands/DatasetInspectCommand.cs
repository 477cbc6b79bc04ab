using System.Globalization;
using FracCluster.Ml.Data;
using FracCluster.Storage;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary><c>frac dataset inspect SOURCE</c>: what is in a dataset before training on it.</summary>
public sealed class DatasetInspectCommand : AsyncCommand<DatasetInspectSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatasetInspectSettings settings, CancellationToken cancellationToken)
    {
        BlobDatasetSource source;
        try
        {
            var location = DatasetLocation.Parse(settings.Source);
            source = await DatasetSourceFactory.OpenAsync(settings.Source, new DatasetSourceOptions
            {
                Layout = DatasetInspectSettings.ParseLayout(settings.Layout)!.Value,
                ClassOrder = settings.Classes?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                BlobStore = location.Kind == DatasetLocationKind.Blob ? BlobStoreFactory.Create(CliBlobStore.OptionsFromEnvironment()) : null,
                Azure = location.Kind == DatasetLocationKind.Azure ? CliBlobStore.AzureOptions(settings.ConnectionString) : null,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is DatasetException or OptionsValidationException or BlobStoreUnavailableException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }

        var options = new DatasetInspectionOptions
        {
            FullDecode = settings.Decode,
            MaxParallelism = settings.Parallel ?? Math.Max(1, Environment.ProcessorCount),
        };
        DatasetInspection inspection;
        try
        {
            inspection = await InspectWithProgressAsync(source, options, cancellationToken);
        }
        catch (BlobStoreUnavailableException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
        Render(inspection, settings.Show);
        return 0;
    }

    private static async Task<DatasetInspection> InspectWithProgressAsync(BlobDatasetSource source, DatasetInspectionOptions options, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return await DatasetInspector.InspectAsync(source, options, null, cancellationToken);
        DatasetInspection? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("reading images", maxValue: source.Entries.Count);
                var progress = new Progress<int>(done => task.Value = done);
                result = await DatasetInspector.InspectAsync(source, options, progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static void Render(DatasetInspection r, int show)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{r.Description}[/]: {r.TotalImages} images, classes {string.Join(", ", r.ClassNames)}");

        var classes = new Table().Title("Images per class").AddColumns("class", "images", "share");
        classes.Columns[1].RightAligned();
        classes.Columns[2].RightAligned();
        foreach (var c in r.Classes)
            classes.AddRow(Markup.Escape(c.Label), Number(c.Count), Percent(c.Count, r.TotalImages));
        AnsiConsole.Write(classes);

        if (r.BodyParts.Count > 0)
        {
            var parts = new Table().Title("Images per body part (dataset.csv)").AddColumn("body part");
            foreach (var c in r.ClassNames)
                parts.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
            parts.AddColumn(new TableColumn("total").RightAligned());
            foreach (var group in r.BodyParts.GroupBy(b => b.BodyPart))
            {
                var cells = new List<string> { Markup.Escape(group.Key) };
                cells.AddRange(r.ClassNames.Select(c => Number(group.Where(b => b.Label == c).Sum(b => b.Count))));
                cells.Add(Number(group.Sum(b => b.Count)));
                parts.AddRow(cells.ToArray());
            }
            AnsiConsole.Write(parts);
        }

        if (r.Widths is not null && r.Heights is not null)
        {
            var sizes = new Table().Title("Image sizes (pixels)").AddColumns("", "min", "median", "max");
            for (var i = 1; i < 4; i++)
                sizes.Columns[i].RightAligned();
            sizes.AddRow("width", Number(r.Widths.Min), r.Widths.Median.ToString("0.#", CultureInfo.InvariantCulture), Number(r.Widths.Max));
            sizes.AddRow("height", Number(r.Heights.Min), r.Heights.Median.ToString("0.#", CultureInfo.InvariantCulture), Number(r.Heights.Max));
            AnsiConsole.Write(sizes);
            AnsiConsole.MarkupLineInterpolated($"formats: {string.Join(", ", r.Formats.Select(f => $"{f.Key} {f.Value}"))}");
        }

        if (r.Unreadable.Count == 0)
        {
            AnsiConsole.MarkupLine("[green]unreadable files: none[/]");
        }
        else
        {
            var bad = new Table().Title($"Unreadable files ({r.Unreadable.Count})").AddColumns("file", "class", "reason", "detail");
            foreach (var u in r.Unreadable.Take(show))
                bad.AddRow(Markup.Escape(u.Path), Markup.Escape(u.Label), u.Reason.ToString(), Markup.Escape(u.Message));
            AnsiConsole.Write(bad);
            More(r.Unreadable.Count, show);
        }

        if (r.Duplicates.Count == 0)
        {
            AnsiConsole.MarkupLine("[green]exact duplicates: none[/]");
        }
        else
        {
            var files = r.Duplicates.Sum(d => d.Entries.Count);
            var dup = new Table().Title($"Exact duplicates ({r.Duplicates.Count} group(s), {files} files)").AddColumns("sha256", "files", "labels");
            foreach (var d in r.Duplicates.Take(show))
            {
                var labels = string.Join(", ", d.Entries.Select(e => e.Label).Distinct());
                dup.AddRow(d.Sha256[..12], Markup.Escape(string.Join("\n", d.Entries.Select(e => e.Path))), d.HasConflictingLabels ? $"[red]{Markup.Escape(labels)}[/]" : Markup.Escape(labels));
            }
            AnsiConsole.Write(dup);
            More(r.Duplicates.Count, show);
        }

        foreach (var note in r.Notes)
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] {note}");
    }

    private static void More(int total, int shown)
    {
        if (total > shown)
            AnsiConsole.MarkupLineInterpolated($"… {total - shown} more (use --show {total})");
    }

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(int n, int total) =>
        total == 0 ? "-" : (100.0 * n / total).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
