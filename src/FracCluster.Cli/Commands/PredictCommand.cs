using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cli.Prediction;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Inference;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac predict`: classifies image files offline with a checkpoint. Unreadable or rejected files get their own row;
/// the run goes on. Exit codes: 0 the run completed (whatever individual files did); 2 usage error (bad option,
/// missing path, no image files, unknown device); 1 the checkpoint could not be loaded.
/// </summary>
public sealed class PredictCommand : AsyncCommand<PredictSettings>
{
    public const int UsageError = 2;
    public const int CheckpointError = 1;

    private static readonly JsonSerializerOptions JsonLines = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public override async Task<int> ExecuteAsync(CommandContext context, PredictSettings settings, CancellationToken cancellationToken)
    {
        var files = ImageFileSource.Expand(settings.Paths, out var missing);
        if (missing.Count > 0)
            return Fail(UsageError, $"No such file or folder: {string.Join(", ", missing)}");
        if (files.Count == 0)
            return Fail(UsageError, $"No image files found in {string.Join(", ", settings.Paths)}.");

        var options = settings.ToInferenceOptions();
        using var loggerFactory = CliLogging.Create(settings.Verbose);
        InferenceEngine engine;
        try
        {
            engine = InferenceEngine.Load(settings.Checkpoint, options, loggerFactory);
        }
        catch (CheckpointException ex)
        {
            return Fail(CheckpointError, ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Device not present, or options that do not fit the checkpoint.
            return Fail(UsageError, ex.Message);
        }

        using (engine)
        {
            HeatmapWriter? heatmaps = null;
            if (settings.Heatmaps is { } heatmapDir)
            {
                if (!engine.SupportsHeatmaps)
                    return Fail(UsageError, $"Model {engine.Model.VersionLabel} cannot give heatmaps (no convolutional feature maps).");
                heatmaps = new HeatmapWriter(engine, heatmapDir, options.Limits, new HeatmapOptions { Method = HeatmapMethods.Parse(settings.HeatmapMethod)!.Value });
            }
            var predictor = new FilePredictor(engine, options.Limits, options.MaxBatchSize, heatmaps);
            var started = Stopwatch.GetTimestamp();
            var rows = new List<PredictionRow>(files.Count);
            await foreach (var row in predictor.PredictAsync(files, cancellationToken))
            {
                if (settings.Json)
                    Console.Out.WriteLine(JsonSerializer.Serialize(row, JsonLines));
                rows.Add(row);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (!settings.Json)
            {
                Render(rows, engine.Model, elapsed);
                if (heatmaps is not null)
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Heatmap overlays: {rows.Count(r => r.Heatmap is not null)} in {heatmaps.Directory}");
            }
        }
        return 0;
    }

    private static void Render(List<PredictionRow> rows, CheckpointMetadata model, TimeSpan elapsed)
    {
        var positive = model.ClassNames[model.PositiveClass];
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("File")
            .AddColumn(new TableColumn($"P({positive})").RightAligned())
            .AddColumn("Label")
            .AddColumn(new TableColumn("ms").RightAligned());
        foreach (var row in rows)
        {
            var file = Markup.Escape(row.File);
            if (row.Status == PredictionStatus.Ok)
            {
                var label = row.Label == positive ? $"[red]{Markup.Escape(row.Label!)}[/]" : Markup.Escape(row.Label ?? string.Empty);
                table.AddRow(file, row.ProbabilityFractured!.Value.ToString("F4", CultureInfo.InvariantCulture), label, Ms(row.Milliseconds));
            }
            else
            {
                var what = row.Status == PredictionStatus.Unreadable ? "unreadable" : "rejected";
                table.AddRow(file, "-", $"[yellow]{what}: {Markup.Escape(row.Reason ?? "?")}[/] [grey]{Markup.Escape(row.Message ?? string.Empty)}[/]", row.Milliseconds > 0 ? Ms(row.Milliseconds) : "-");
            }
        }
        AnsiConsole.Write(table);
        var ok = rows.Count(r => r.Status == PredictionStatus.Ok);
        var flagged = rows.Count(r => r.Label == positive);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"{rows.Count} file(s): {ok} classified ({flagged} {positive}), {rows.Count - ok} not usable; model {model.VersionLabel}; {elapsed.TotalSeconds:F1} s, {rows.Count / Math.Max(elapsed.TotalSeconds, 1e-9):F1} files/s");
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("F1", CultureInfo.InvariantCulture);

    private static int Fail(int code, string message)
    {
        CliConsole.WriteError(message);
        return code;
    }
}
