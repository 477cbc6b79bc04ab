using System.Diagnostics;
using System.Globalization;
using FracCluster.Cli.Benchmarks;
using FracCluster.Cli.Embedded;
using FracCluster.Cli.Streaming;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Metrics;
using FracCluster.Ml.Models;
using FracCluster.Ml.Torch;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac bench heatmap`: what a heatmap costs next to the forward pass it explains, per image, on the inference
/// engine as the silo runs it (forward, forward + Grad-CAM, + the PNG overlay; passes alternating); then the
/// classification latency of a stream of scans through an embedded silo with heatmaps off and then on for every scan
/// (threshold 0), same scans, same rate, in one run.
/// </summary>
public sealed class BenchHeatmapCommand : AsyncCommand<BenchHeatmapSettings>
{
    private const int DistinctImages = 32;
    private const int ImageWidth = 512;
    private const int ImageHeight = 384;
    private const int StreamWarmUp = 16;
    private static readonly TimeSpan DrainWait = TimeSpan.FromMinutes(3);

    public override async Task<int> ExecuteAsync(CommandContext context, BenchHeatmapSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (Exception ex) when (ex is CheckpointException or ArgumentException or TimeoutException)
        {
            CliConsole.WriteError(ex.Message);
            return 2;
        }
    }

    private static async Task<int> RunAsync(BenchHeatmapSettings settings, CancellationToken cancellationToken)
    {
        TorchRuntime.ConfigureThreads(settings.Threads);
        var config = new EfficientNetConfig { Variant = EfficientNetVariants.Parse(settings.Variant), Width = settings.Width, Depth = settings.Depth, NumClasses = 2 };
        var metadata = ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], positiveClass: 0, PreprocessOptions.ImageNet(settings.Size));
        var images = SyntheticImages.Create(DistinctImages, ImageWidth, ImageHeight, seed: 2026);
        var heatmapOptions = new HeatmapOptions { Method = settings.CamMethod };
        CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture,
            $"EfficientNet-{config.Variant.ToName()} ({ModelFactory.Describe(config)}), random weights, {settings.Size} px input; {ImageWidth}×{ImageHeight} JPEGs; {torch.get_num_threads()} torch threads; {settings.CamMethod}; {Environment.ProcessorCount} cores, {LoadAverage()}"));

        var batches = settings.Batches!;
        var costs = await MeasureCostsAsync(config, metadata, images, batches, settings.Iterations, heatmapOptions, settings.Threads, cancellationToken);
        RenderCosts(costs, settings);

        if (settings.Stream == 0)
            return 0;
        var runs = await StreamBothWaysAsync(config, metadata, images, settings, cancellationToken);
        RenderStreams(runs, settings);
        CliConsole.WriteNote($"after the run: {LoadAverage()}");
        return runs.All(r => r.Summary.Clean) ? 0 : 1;
    }

    private const string ForwardPath = "forward (classification)";
    private const string CamPath = "forward + Grad-CAM";
    private const string OverlayPath = "forward + Grad-CAM + PNG overlay";

    /// <summary>The three paths alternate pass by pass at each batch size, so drift on a shared machine falls on all of them.</summary>
    private static async Task<List<HeatmapCostRow>> MeasureCostsAsync(EfficientNetConfig config, CheckpointMetadata metadata, IReadOnlyList<byte[]> images,
        IReadOnlyList<int> batches, int iterations, HeatmapOptions heatmapOptions, int threads, CancellationToken cancellationToken)
    {
        var options = new InferenceOptions { Threads = threads, MaxBatchSize = batches.Max(), WarmUp = false };
        var engine = new InferenceEngine(new EfficientNet(config), metadata, options);
        var rows = new List<HeatmapCostRow>();
        try
        {
            await engine.WarmUpAsync(cancellationToken);
            foreach (var batch in batches)
            {
                var inputs = Enumerable.Range(0, batch).Select(i => (ReadOnlyMemory<byte>)images[i % images.Count]).ToList();
                var samples = new Dictionary<string, (List<double> Device, List<double> Wall)>
                {
                    [ForwardPath] = ([], []),
                    [CamPath] = ([], []),
                    [OverlayPath] = ([], []),
                };
                // One untimed round first: the first heatmap pass of a batch size allocates its autograd buffers.
                for (var pass = -1; pass < iterations; pass++)
                {
                    var timer = Stopwatch.StartNew();
                    var classified = await engine.ClassifyAsync(inputs, WorkPriority.Normal, cancellationToken);
                    Record(samples[ForwardPath], pass, classified[0].ComputeMilliseconds, timer.Elapsed.TotalMilliseconds, batch);

                    timer.Restart();
                    var explained = await engine.ExplainAsync(inputs, heatmapOptions, WorkPriority.Normal, cancellationToken);
                    Record(samples[CamPath], pass, explained[0].HeatmapMilliseconds, timer.Elapsed.TotalMilliseconds, batch);

                    timer.Restart();
                    var rendered = await engine.RenderHeatmapsAsync(inputs, heatmapOptions, WorkPriority.Normal, cancellationToken);
                    Record(samples[OverlayPath], pass, rendered[0]!.HeatmapMilliseconds, timer.Elapsed.TotalMilliseconds, batch);
                }
                foreach (var (path, (device, wall)) in samples)
                    rows.Add(new HeatmapCostRow(batch, path, SampleStatistics.Median(device), SampleStatistics.Median(wall)));
            }
        }
        finally
        {
            engine.Dispose();
            await engine.Released;
        }
        return rows;
    }

    private static void Record((List<double> Device, List<double> Wall) samples, int pass, double deviceMs, double wallMs, int batch)
    {
        if (pass < 0)
            return;
        samples.Device.Add(deviceMs / batch);
        samples.Wall.Add(wallMs / batch);
    }

    /// <summary>
    /// The same model and scans through a fresh embedded silo each time, heatmaps off and then on for every scan: a
    /// burst (all at once: capacity), then a paced stream at <see cref="BenchHeatmapSettings.Rate"/> (default half the
    /// capacity measured without heatmaps). A silo per setting rather than a switch, so the second cannot inherit the
    /// first one's backlog of heatmaps; each waits for its heatmaps to be stored before going on.
    /// </summary>
    private static async Task<List<HeatmapStreamRun>> StreamBothWaysAsync(EfficientNetConfig config, CheckpointMetadata metadata, IReadOnlyList<byte[]> images,
        BenchHeatmapSettings settings, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(Path.Combine(settings.DataDir, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
        var checkpoint = Path.Combine(root, "checkpoint", "bench");
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        using (var model = new EfficientNet(config))
            ModelCheckpoint.Save(model, metadata, checkpoint);

        var runs = new List<HeatmapStreamRun>();
        double? rate = settings.Rate;
        foreach (var on in (bool[])[false, true])
        {
            var name = on ? "on" : "off";
            var folder = Path.Combine(root, name);
            CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"heatmaps {name}: a fresh embedded silo, {StreamWarmUp} scans to warm up, a burst of {settings.Stream}, then {settings.Stream} paced"));
            var silo = await EmbeddedSilo.StartAsync(new EmbeddedSiloOptions
            {
                DataDirectory = folder,
                Checkpoint = checkpoint + ".json",
                Threads = settings.Threads,
                QueueCapacity = Math.Max(512, settings.Stream * 2),
                HeatmapsEnabled = on,
                HeatmapThreshold = on ? 0 : null,
                LogLevel = "Warning",
            }, cancellationToken);
            await using (silo)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silo.Stopping);
                using (var client = new ClusterApiClient(silo.Api, silo.ApiKey))
                    await client.WaitUntilReadyAsync(TimeSpan.FromMinutes(5), linked.Token);
                await using var transport = new HttpScanTransport(silo.Api, silo.ApiKey);
                var expected = 0;
                var warmUp = await Simulator(transport, StreamWarmUp, 100_000, $"{name}-warmup").RunAsync(images, linked.Token);
                expected += on ? warmUp.Completed : 0;
                await WaitForHeatmapsAsync(folder, expected, linked.Token);

                var burst = await Simulator(transport, settings.Stream, 100_000, $"{name}-burst").RunAsync(images, linked.Token);
                expected += on ? burst.Completed : 0;
                var (stored, drained) = await WaitForHeatmapsAsync(folder, expected, linked.Token);
                runs.Add(new HeatmapStreamRun($"heatmaps {name}", "burst", double.PositiveInfinity, burst, stored, drained));

                rate ??= Math.Max(0.5, 0.5 * burst.Throughput);
                CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"heatmaps {name}: {settings.Stream} scans at {rate:0.0}/s"));
                var paced = await Simulator(transport, settings.Stream, rate.Value, $"{name}-paced").RunAsync(images, linked.Token);
                expected += on ? paced.Completed : 0;
                (stored, drained) = await WaitForHeatmapsAsync(folder, expected, linked.Token);
                runs.Add(new HeatmapStreamRun($"heatmaps {name}", string.Create(CultureInfo.InvariantCulture, $"{rate:0.0}/s"), rate.Value, paced, stored, drained));
            }
        }
        return runs;
    }

    private static ScannerSimulator Simulator(IScanTransport transport, int count, double rate, string prefix)
    {
        var simulator = new ScannerSimulator(transport, new ScannerSimulatorOptions
        {
            Scanners = 2,
            Rate = rate,
            Count = count,
            ScannerPrefix = $"bench-heatmap-{prefix}",
            MaxConcurrentSends = 256,
            ResultTimeout = TimeSpan.FromMinutes(5),
        }, TimeProvider.System);
        simulator.Warning += message => CliConsole.WriteNote(message);
        return simulator;
    }

    /// <summary>Counts the overlays stored under the silo's data folder until <paramref name="expected"/> are there (or the wait ends).</summary>
    private static async Task<(int Stored, TimeSpan? DrainedAfter)> WaitForHeatmapsAsync(string folder, int expected, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        var stored = Count(folder);
        while (stored < expected && timer.Elapsed < DrainWait)
        {
            await Task.Delay(200, cancellationToken);
            stored = Count(folder);
        }
        return (stored, stored >= expected ? timer.Elapsed : null);

        static int Count(string folder) => Directory.EnumerateFiles(folder, "*.heatmap.png", SearchOption.AllDirectories).Count();
    }

    private static void RenderCosts(List<HeatmapCostRow> rows, BenchHeatmapSettings settings)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture, $"frac bench heatmap: cost per image ({settings.Iterations} passes per path, medians)"))
            .AddColumn(new TableColumn("batch").RightAligned())
            .AddColumn("path")
            .AddColumn(new TableColumn("device ms/image").RightAligned())
            .AddColumn(new TableColumn("vs forward").RightAligned())
            .AddColumn(new TableColumn("call ms/image").RightAligned())
            .AddColumn(new TableColumn("vs forward").RightAligned());
        foreach (var row in rows)
        {
            var forward = rows.First(r => r.Batch == row.Batch && r.Path == ForwardPath);
            table.AddRow(
                row.Batch.ToString(CultureInfo.InvariantCulture),
                row.Path,
                F1(row.DeviceMsPerImage),
                Ratio(row.DeviceMsPerImage, forward.DeviceMsPerImage),
                F1(row.WallMsPerImage),
                Ratio(row.WallMsPerImage, forward.WallMsPerImage));
        }
        table.Caption("device = the pass on the device thread; call = the whole engine call (decode, the pass, and for the overlay its PNG at the image's size)");
        AnsiConsole.Write(table);
    }

    private static void RenderStreams(List<HeatmapStreamRun> runs, BenchHeatmapSettings settings)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture, $"Classification latency, send → result, {settings.Stream} scans per row"))
            .AddColumn("silo")
            .AddColumn("sent")
            .AddColumn(new TableColumn("done/s").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p95 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("heatmaps stored").RightAligned())
            .AddColumn(new TableColumn("heatmaps done after").RightAligned())
            .AddColumn(new TableColumn("lost/dup").RightAligned());
        foreach (var run in runs)
        {
            var s = run.Summary;
            table.AddRow(run.Label, run.Load, F1(s.Throughput), F0(s.Percentile(50)), F0(s.Percentile(95)), F0(s.Percentile(99)),
                run.HeatmapsStored.ToString(CultureInfo.InvariantCulture),
                run.HeatmapsStored == 0 ? "-" : run.HeatmapsDrainedAfter is { } drained ? F0(drained.TotalMilliseconds) + " ms" : "not within " + DrainWait.TotalMinutes + " min",
                string.Create(CultureInfo.InvariantCulture, $"{s.Lost}/{s.Duplicates}"));
        }
        var ratios = runs.GroupBy(r => r.Load).Where(g => g.Count() == 2)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Last().Summary.Percentile(95) / g.First().Summary.Percentile(95):0.00}×"));
        table.Caption("p95 with heatmaps / without, " + string.Join(", ", ratios) + $"; heatmaps stored is cumulative (with the warm-up's {StreamWarmUp}); done after = from the last result to the last overlay stored");
        AnsiConsole.Write(table);
    }

    /// <summary>The machine's load, printed with the figures: on a shared machine they mean nothing without it.</summary>
    private static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {parts[0]} {parts[1]} {parts[2]} (1/5/15 min)";
        }
        catch (IOException)
        {
            return "load average unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "load average unknown";
        }
    }

    private static string Ratio(double value, double anchor) =>
        anchor > 0 ? (value / anchor).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "n/a";

    private static string F1(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string F0(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0", CultureInfo.InvariantCulture);
}
