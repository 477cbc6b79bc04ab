using System.Globalization;
using System.Net.Sockets;
using FracCluster.Cli.Demo;
using FracCluster.Cli.Embedded;
using FracCluster.Cli.Streaming;
using FracCluster.Contracts;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Metrics;
using FracCluster.Ml.Training;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac demo`: the whole story on the embedded default. Starts a single silo in this process, trains a model on a
/// synthetic dataset unless a checkpoint is given, rolls it onto the model grains through the API, streams the
/// held-out test scans as several scanners, prints per-scan results and the summary, then serves until Ctrl-C.
/// Exit codes: 0 clean run; 1 scans lost or duplicated; 2 bad settings or the silo could not start.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    public const int LostOrDuplicated = 1;
    public const int StartFailed = 2;

    // The per-scan table stays readable on a screen; every row goes to the CSV beside it.
    private const int MaxTableRows = 40;

    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var report = await RunDemoAsync(settings, cancellationToken);
            return report.Stream.Clean ? 0 : LostOrDuplicated;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Stopped.[/]");
            return 130;
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or SocketException)
        {
            CliConsole.WriteError($"{ex.Message} Another silo or demo runs here? Choose a free port with --port (0 = any).");
            return StartFailed;
        }
        catch (Exception ex) when (ex is DatasetException or SplitManifestException or SplitLeakException or CheckpointException or TrainingDataException or TimeoutException)
        {
            CliConsole.WriteError(ex.Message);
            return StartFailed;
        }
    }

    /// <summary>Runs the demo; with <see cref="DemoSettings.Serve"/> it returns only after the silo stopped (Ctrl-C).</summary>
    public static async Task<DemoReport> RunDemoAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var started = TimeProvider.System.GetTimestamp();
        var dataDir = Path.GetFullPath(settings.DataDir);
        var modelOptions = settings.ModelOptions();
        AnsiConsole.Write(new Rule("[bold]FracCluster demo[/]").LeftJustified());
        AnsiConsole.MarkupLineInterpolated($"data folder: {dataDir}");

        // 1. The embedded default silo: localhost clustering, memory streams, file blobs, HTTP API.
        var silo = await Step("Starting the embedded silo", () => EmbeddedSilo.StartAsync(new EmbeddedSiloOptions { DataDirectory = dataDir, HttpPort = settings.Port, LogLevel = "Error" }, cancellationToken));
        await using (silo)
        {
            // The host owns Ctrl-C and SIGTERM: when it stops, training and streaming stop with it.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silo.Stopping);
            cancellationToken = linked.Token;
            AnsiConsole.MarkupLineInterpolated($"silo up: API {silo.Api}, silo port {silo.SiloPort}, gateway {silo.GatewayPort} (one silo, localhost clustering, memory streams, file blobs)");
            // Printed now, not at the end: opened during training, the page shows the held-out scans arrive live.
            PrintWorklist(silo);

            // 2. Data: a synthetic FracAtlas-layout dataset and its stratified 80/10/10 split.
            using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(ConsoleProgress.Interactive ? LogLevel.Error : LogLevel.Warning));
            var trainer = new DemoTrainer(modelOptions, logging);
            var dataset = await PrepareDataAsync(trainer, dataDir, modelOptions, cancellationToken);
            var manifest = dataset.Manifest;
            AnsiConsole.MarkupLineInterpolated(
                $"dataset: {dataset.Directory} ({manifest.Entries.Count} images{(dataset.Reused ? ", reused from an earlier run" : string.Create(CultureInfo.InvariantCulture, $", rendered in {dataset.SynthesisTime.TotalSeconds:0.0} s"))}); split train {manifest.For(SplitName.Train).Count} / validation {manifest.For(SplitName.Validation).Count} / test {manifest.For(SplitName.Test).Count}, manifest {manifest.Sha256[..12]}");

            // 3. The model: the given checkpoint, or one trained now.
            string checkpoint;
            DemoTrainingOutcome? training = null;
            if (settings.Checkpoint is { } given)
            {
                checkpoint = Path.GetFullPath(given);
                AnsiConsole.MarkupLineInterpolated($"model: checkpoint {checkpoint} (no training)");
            }
            else
            {
                training = await TrainAsync(trainer, dataset, dataDir, modelOptions, cancellationToken);
                checkpoint = training.Checkpoint;
            }

            // 4. Roll the checkpoint onto every model grain through the API, as an operator would.
            using var api = new ClusterApiClient(silo.Api, silo.ApiKey);
            var models = await Step("Loading the model on the cluster (POST /v1/models/load)", async () =>
            {
                var loaded = await api.LoadModelAsync(checkpoint, cancellationToken);
                await api.WaitUntilReadyAsync(TimeSpan.FromMinutes(2), cancellationToken);
                return loaded;
            });
            foreach (var m in models)
                AnsiConsole.MarkupLineInterpolated($"model grain {m.Key}: version {m.ModelVersion ?? "?"}, ready {m.Ready}{(m.Error is { } e ? $", error {e}" : "")}");

            // 5. The held-out test scans through the cluster as scanners would send them.
            var test = manifest.For(SplitName.Test);
            var images = new List<byte[]>(test.Count);
            foreach (var entry in test)
                images.Add(await dataset.Source.ReadAsync(entry.Path, cancellationToken));
            var summary = await StreamAsync(silo, settings, images, cancellationToken);
            var positiveName = dataset.Source.ClassNames[dataset.PositiveClass];
            PrintScans(summary, test, settings.Scanners, Path.Combine(dataDir, "stream-results.csv"));
            AnsiConsole.Write(StreamSummaryTable.Build(summary, "Stream summary (held-out test scans through the cluster)"));
            var agreement = PrintAgreement(summary, test, positiveName);

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            AnsiConsole.MarkupLineInterpolated($"demo took {elapsed.TotalSeconds:0} s in all");
            PrintWhereToGo(silo, settings);
            var report = new DemoReport { Checkpoint = checkpoint, Training = training, TestScans = test.Count, Stream = summary, Agreement = agreement, Elapsed = elapsed };
            if (!summary.Clean)
            {
                CliConsole.WriteError($"{summary.Lost} scan(s) lost and {summary.Duplicates} duplicated: the cluster must account for every accepted scan exactly once.");
                return report;
            }
            if (settings.Serve)
            {
                AnsiConsole.MarkupLine("[bold green]Serving.[/] Press Ctrl-C to stop.");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    AnsiConsole.MarkupLine("Stopping the silo …");
                }
            }
            return report;
        }
    }

    private static async Task<DemoDataset> PrepareDataAsync(DemoTrainer trainer, string dataDir, DemoModelOptions options, CancellationToken cancellationToken)
    {
        if (!ConsoleProgress.Interactive)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Preparing {options.Images} synthetic radiographs ({options.FracturedRatio:P0} fractured, seed {options.Seed}) and their split …"));
            return await trainer.PrepareDataAsync(dataDir, null, cancellationToken);
        }
        DemoDataset? dataset = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("synthetic radiographs", maxValue: options.Images);
                dataset = await trainer.PrepareDataAsync(dataDir, new Progress<int>(done => task.Value = done), cancellationToken);
                task.Value = task.MaxValue;
            });
        return dataset!;
    }

    private static async Task<DemoTrainingOutcome> TrainAsync(DemoTrainer trainer, DemoDataset dataset, string dataDir, DemoModelOptions options, CancellationToken cancellationToken)
    {
        AnsiConsole.Write(new Rule("Training").LeftJustified());
        AnsiConsole.MarkupLine(
            "No model configured, so the demo trains one. Without imported ImageNet weights the frozen features of a randomly initialised EfficientNet carry almost nothing " +
            "(a linear probe on them scores ROC-AUC about 0.45), so the demo [bold]fine-tunes every layer[/] of a small variant at low resolution, which 2 CPU cores train in minutes:");
        AnsiConsole.MarkupLineInterpolated($"  [bold]{options.Describe()}[/]");
        AnsiConsole.MarkupLineInterpolated(
            $"The synthetic fractures are made conspicuous (gap, displacement and angulation × {options.FractureScale.ToString("0.##", CultureInfo.InvariantCulture)}) so a tiny model can learn them in a few minutes on CPU; real radiographs such as FracAtlas need a large pretrained backbone.");
        AnsiConsole.MarkupLine("The production path is EfficientNet-B6 from ImageNet weights (FracAtlas needs them): [grey]frac import-weights[/], then [grey]frac train --local[/] (docs/training.md).");
        var progress = new ConsoleProgress(options.Epochs);
        var outcome = await progress.RunAsync(() => trainer.TrainAsync(dataset, dataDir, progress, cancellationToken));
        var result = outcome.Result;
        var table = new Table().Title(string.Create(CultureInfo.InvariantCulture, $"Best model (epoch {result.BestEpoch} of {result.History.Count}), trained in {outcome.TrainingTime.TotalSeconds:0} s"))
            .AddColumns("split", "n", "ROC-AUC", "sensitivity", "specificity", "accuracy");
        foreach (var r in new[] { result.Validation, result.Test })
        {
            var m = r.Metrics;
            table.AddRow(r.Split.ToLowerInvariant(), Invariant(r.Predictions.Count), F(m.RocAuc), F(m.Sensitivity), F(m.Specificity), F(m.Accuracy));
        }
        AnsiConsole.Write(table);
        var auc = result.Test.Metrics.RocAuc;
        AnsiConsole.MarkupLine(auc >= 0.9
            ? $"[green]test ROC-AUC {F(auc)} ≥ 0.90: the model learned the synthetic fractures.[/]"
            : $"[yellow]test ROC-AUC {F(auc)} < 0.90: a random-init EfficientNet learns the breaks only slowly on CPU; more --images, --epochs or a larger --fracture-scale help, and real radiographs need ImageNet weights via frac import-weights.[/]");
        AnsiConsole.MarkupLineInterpolated($"run folder: {outcome.RunDirectory} (report: {outcome.ReportPath}, plots loss.png, accuracy.png, roc.png, confusion.png)");
        AnsiConsole.MarkupLineInterpolated($"checkpoint: {outcome.Checkpoint}.safetensors/.json, version {outcome.ModelVersion}");
        return outcome;
    }

    private static async Task<StreamSummary> StreamAsync(EmbeddedSilo silo, DemoSettings settings, IReadOnlyList<byte[]> images, CancellationToken cancellationToken)
    {
        AnsiConsole.Write(new Rule("Streaming").LeftJustified());
        AnsiConsole.MarkupLineInterpolated($"Sending the {images.Count} held-out test scans as {settings.Scanners} scanners at {settings.Rate:0.##}/s to POST {silo.Api}v1/scans; results come back over /v1/scanners/{{id}}/results (server-sent events).");
        await using var transport = new HttpScanTransport(silo.Api, silo.ApiKey);
        var simulator = new ScannerSimulator(transport, new ScannerSimulatorOptions
        {
            Scanners = settings.Scanners,
            Rate = settings.Rate,
            Count = images.Count,
            ScannerPrefix = "scanner",
        }, TimeProvider.System);
        simulator.Warning += message => AnsiConsole.MarkupLineInterpolated($"[yellow]{message}[/]");
        if (!ConsoleProgress.Interactive)
            return await simulator.RunAsync(images, cancellationToken);
        StreamSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var sent = progress.AddTask("accepted", maxValue: images.Count);
                var done = progress.AddTask("results", maxValue: images.Count);
                var run = simulator.RunAsync(images, cancellationToken);
                while (!run.IsCompleted)
                {
                    sent.Value = simulator.Accepted;
                    done.Value = simulator.ResultCount;
                    await Task.WhenAny(run, Task.Delay(200, cancellationToken));
                }
                summary = await run;
                sent.Value = summary.Sent;
                done.Value = summary.Results;
            });
        return summary!;
    }

    private static void PrintScans(StreamSummary summary, IReadOnlyList<ManifestEntry> test, int scanners, string csvPath)
    {
        var table = new Table().Border(TableBorder.Simple).Title("Per-scan results (truth from the split manifest)")
            .AddColumns("scan", "scanner", "truth", "P(fract.)", "label", "", "ms");
        var csv = new System.Text.StringBuilder("scan_id,scanner,image,truth,status,p_fractured,label,agrees,latency_ms,queue_ms,compute_ms,batch_size,served_by\n");
        foreach (var (scan, row) in summary.Scans.Select((s, i) => (s, i)))
        {
            var entry = test[scan.ImageIndex];
            var r = scan.Result;
            var agrees = r?.Status == ScanStatus.Completed && r.Label == entry.Label;
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{scan.ScanId},{r?.ScannerId},{entry.Path},{entry.Label},{r?.Status.ToString() ?? "Lost"},{r?.ProbabilityFractured},{r?.Label},{agrees},{scan.LatencyMs:0.#},{r?.QueueMilliseconds:0.#},{r?.ComputeMilliseconds:0.#},{r?.BatchSize},{r?.ServedBy}\n"));
            if (row >= MaxTableRows)
                continue;
            table.AddRow(
                Markup.Escape(scan.ScanId.Length > 8 ? scan.ScanId[..8] : scan.ScanId),
                Markup.Escape(r?.ScannerId ?? "?"),
                Markup.Escape(entry.Label),
                r?.ProbabilityFractured is { } p ? p.ToString("0.000", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(r is null ? "[lost]" : r.Status == ScanStatus.Completed ? r.Label ?? "?" : $"{r.Status}: {r.Reason}"),
                r?.Status == ScanStatus.Completed ? (agrees ? "[green]✓[/]" : "[red]✗[/]") : "",
                scan.LatencyMs is { } ms ? ms.ToString("0", CultureInfo.InvariantCulture) : "-");
        }
        File.WriteAllText(csvPath, csv.ToString());
        var more = summary.Scans.Count - MaxTableRows;
        table.Caption(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Scans.Count} scans from {scanners} scanners{(more > 0 ? $", first {MaxTableRows} shown" : "")}; ms = sent → result received; all rows: {csvPath}"));
        AnsiConsole.Write(table);
    }

    private static double PrintAgreement(StreamSummary summary, IReadOnlyList<ManifestEntry> test, string positiveName)
    {
        var completed = summary.Scans.Where(s => s.Result is { Status: ScanStatus.Completed, ProbabilityFractured: not null }).ToList();
        if (completed.Count == 0)
        {
            AnsiConsole.MarkupLine("[yellow]No completed scans to compare with ground truth.[/]");
            return double.NaN;
        }
        var agree = completed.Count(s => s.Result!.Label == test[s.ImageIndex].Label);
        var probabilities = completed.Select(s => (double)s.Result!.ProbabilityFractured!.Value).ToList();
        var truth = completed.Select(s => test[s.ImageIndex].Label == positiveName).ToList();
        var metrics = BinaryMetrics.Compute(probabilities, truth);
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]Streamed predictions vs ground truth:[/] {agree}/{completed.Count} agree ({(double)agree / completed.Count:P1}); ROC-AUC {F(metrics.RocAuc)}, sensitivity {F(metrics.Sensitivity)}, specificity {F(metrics.Specificity)} at threshold 0.5");
        return (double)agree / completed.Count;
    }

    private static void PrintWorklist(EmbeddedSilo silo) =>
        AnsiConsole.MarkupLineInterpolated($"[bold]worklist:[/] open {silo.Worklist} in a browser and sign in with the key in {silo.ApiKeyFile} [grey](cat it; the page shows scans live, the cluster and training)[/]");

    private static void PrintWhereToGo(EmbeddedSilo silo, DemoSettings settings)
    {
        AnsiConsole.Write(new Rule("The cluster").LeftJustified());
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("API", Markup.Escape(silo.Api.ToString()));
        grid.AddRow("API key file", Markup.Escape(silo.ApiKeyFile) + " [grey](send as the X-Api-Key header)[/]");
        grid.AddRow("worklist", Markup.Escape(silo.Worklist.ToString()) + " [grey](sign in with the key in the API key file)[/]");
        grid.AddRow("dashboard", Markup.Escape(silo.Dashboard.ToString()) + " [grey](user any, password = the API key)[/]");
        grid.AddRow("models", Markup.Escape(new Uri(silo.Api, "/v1/models").ToString()));
        grid.AddRow("metrics", Markup.Escape(new Uri(silo.Api, "/metrics").ToString()));
        grid.AddRow("Orleans gateway", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{silo.GatewayPort}"));
        AnsiConsole.Write(grid);
        if (settings.Serve)
        {
            AnsiConsole.MarkupLineInterpolated($"try: [grey]curl -H \"X-Api-Key: $(cat {silo.ApiKeyFile})\" -H \"X-Scanner-Id: me\" --data-binary @scan.jpg {silo.Api}v1/scans[/]");
            AnsiConsole.MarkupLineInterpolated($"or:  [grey]frac stream {settings.DataDir}/datasets --rate 10 --scanners 3 --api {silo.Api} --api-key-file {silo.ApiKeyFile}[/]");
        }
    }

    private static async Task<T> Step<T>(string what, Func<Task<T>> work)
    {
        if (!ConsoleProgress.Interactive)
        {
            Console.WriteLine(what + " …");
            return await work();
        }
        return await AnsiConsole.Status().StartAsync(what + " …", _ => work());
    }

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Invariant(int v) => v.ToString(CultureInfo.InvariantCulture);
}
