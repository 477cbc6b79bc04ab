using System.Diagnostics;
using System.Globalization;
using FracCluster.Cli.Benchmarks;
using FracCluster.Cli.Embedded;
using FracCluster.Cli.Streaming;
using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac bench cluster`: images/s end to end (HTTP API → blob → scans stream → batcher → model grain → result stream)
/// on an embedded silo, next to the raw throughput of the same model through <see cref="InferenceEngine"/> in the same
/// run; then latency percentiles at 25 %, 50 % and 90 % of the measured capacity (open loop) and the batch sizes the
/// batcher formed. The two measurements run one after the other, never at once, so they do not share cores.
/// </summary>
public sealed class BenchClusterCommand : AsyncCommand<BenchClusterSettings>
{
    private const int DistinctImages = 64;
    private static readonly double[] LoadShares = [0.25, 0.5, 0.9];

    public override async Task<int> ExecuteAsync(CommandContext context, BenchClusterSettings settings, CancellationToken cancellationToken)
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

    private static async Task<int> RunAsync(BenchClusterSettings settings, CancellationToken cancellationToken)
    {
        var dataDir = Path.GetFullPath(settings.DataDir);
        Directory.CreateDirectory(dataDir);
        var checkpoint = settings.Checkpoint is { } given ? Path.GetFullPath(given) : SaveRandomCheckpoint(settings, dataDir);
        var metadata = ModelCheckpoint.ReadMetadata(checkpoint);
        var images = RenderImages(DistinctImages);
        var pool = Enumerable.Range(0, settings.Images).Select(i => images[i % images.Count]).ToList();
        CliConsole.WriteNote($"Model {metadata.VersionLabel} ({ModelFactory.Describe(ModelFactory.ToConfig(metadata))}), input {metadata.Preprocess.Size} px; {settings.Images} synthetic radiographs ({DistinctImages} distinct, 300–600 px JPEGs); batches of up to 16; threads {(settings.Threads == 0 ? "libtorch default" : settings.Threads.ToString(CultureInfo.InvariantCulture))}.");

        var raw = await RawThroughputAsync(checkpoint, settings, pool, cancellationToken);
        CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"raw InferenceEngine: {raw:0.0} images/s"));

        var runs = new List<ClusterLoadRun>();
        var silo = await EmbeddedSilo.StartAsync(new EmbeddedSiloOptions
        {
            DataDirectory = dataDir,
            HttpPort = settings.Port,
            Checkpoint = checkpoint,
            Threads = settings.Threads,
            // Room for the whole capacity burst: this measures throughput, not the 503 path.
            QueueCapacity = Math.Max(512, settings.Images * 2),
            LogLevel = "Error",
        }, cancellationToken);
        await using (silo)
        {
            using (var api = new ClusterApiClient(silo.Api, silo.ApiKey))
                await api.WaitUntilReadyAsync(TimeSpan.FromMinutes(5), cancellationToken);
            await using var transport = new HttpScanTransport(silo.Api, silo.ApiKey);

            // A short unmeasured pass first: connection pools, grain activations and JIT, like the raw engine's warm-up.
            await StreamAsync(transport, settings, images.Take(16).ToList(), 16, 1000, "warmup", cancellationToken);
            var capacity = new ClusterLoadRun("full", double.PositiveInfinity, await StreamAsync(transport, settings, pool, pool.Count, 100_000, "capacity", cancellationToken));
            runs.Add(capacity);
            var measured = capacity.Summary.Throughput;
            CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"end to end at full load: {measured:0.0} images/s"));
            foreach (var share in LoadShares)
            {
                var rate = Math.Max(0.5, share * measured);
                var count = Math.Max(16, (int)Math.Round(rate * settings.Seconds));
                var label = string.Create(CultureInfo.InvariantCulture, $"{share * 100:0} %");
                CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"{label} of capacity: {count} scans at {rate:0.0}/s"));
                runs.Add(new ClusterLoadRun(label, rate, await StreamAsync(transport, settings, images, count, rate, "load" + (int)(share * 100), cancellationToken)));
            }
        }

        Render(metadata, raw, runs);
        return runs.All(r => r.Summary.Clean) ? 0 : 1;
    }

    private static async Task<double> RawThroughputAsync(string checkpoint, BenchClusterSettings settings, IReadOnlyList<byte[]> pool, CancellationToken cancellationToken)
    {
        using var engine = InferenceEngine.Load(checkpoint, new InferenceOptions { Threads = settings.Threads, MaxBatchSize = 16 });
        await engine.WarmUpAsync(cancellationToken);
        var inputs = pool.Select(b => (ReadOnlyMemory<byte>)b).ToList();
        // Decoding overlaps the forward pass inside the engine (next batch decoded while this one runs): its best case.
        var timer = Stopwatch.StartNew();
        var results = await engine.ClassifyAsync(inputs, cancellationToken);
        timer.Stop();
        var failed = results.Count(r => r.Rejected);
        if (failed > 0)
            throw new InvalidOperationException($"{failed} benchmark image(s) were rejected by the engine.");
        return inputs.Count / timer.Elapsed.TotalSeconds;
    }

    private static async Task<StreamSummary> StreamAsync(IScanTransport transport, BenchClusterSettings settings, IReadOnlyList<byte[]> images, int count, double rate, string prefix, CancellationToken cancellationToken)
    {
        var simulator = new ScannerSimulator(transport, new ScannerSimulatorOptions
        {
            Scanners = settings.Scanners,
            Rate = rate,
            Count = count,
            ScannerPrefix = $"bench-{prefix}",
            MaxConcurrentSends = 256,
            ResultTimeout = TimeSpan.FromMinutes(5),
        }, TimeProvider.System);
        simulator.Warning += message => CliConsole.WriteNote(message);
        return await simulator.RunAsync(images, cancellationToken);
    }

    private static string SaveRandomCheckpoint(BenchClusterSettings settings, string dataDir)
    {
        var config = new EfficientNetConfig { Variant = EfficientNetVariants.Parse(settings.Variant), Width = settings.Width, Depth = settings.Depth, NumClasses = 2 };
        var size = settings.Size ?? config.Spec.Resolution;
        var metadata = ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], positiveClass: 0, PreprocessOptions.ImageNet(size));
        var path = Path.Combine(dataDir, "checkpoints", string.Create(CultureInfo.InvariantCulture, $"bench-{config.Variant.ToName()}-w{config.WidthMultiplier}-d{config.DepthMultiplier}-{size}px"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var model = new EfficientNet(config);
        ModelCheckpoint.Save(model, metadata, path);
        return path;
    }

    private static List<byte[]> RenderImages(int count)
    {
        var generator = new SyntheticRadiographGenerator();
        var images = new byte[count][];
        Parallel.For(0, count, i =>
        {
            using var radiograph = generator.Generate(SyntheticRadiographGenerator.ImageSeed(2026, i), fractured: i % 2 == 0);
            images[i] = radiograph.EncodeJpeg(90);
        });
        return [.. images];
    }

    private static void Render(CheckpointMetadata model, double raw, IReadOnlyList<ClusterLoadRun> runs)
    {
        var capacity = runs[0].Summary.Throughput;
        var ratio = capacity / raw;
        var top = new Table().Border(TableBorder.Rounded).Title($"frac bench cluster: {model.VersionLabel}, {model.Preprocess.Size} px")
            .AddColumn("path")
            .AddColumn(new TableColumn("images/s").RightAligned())
            .AddColumn(new TableColumn("vs raw").RightAligned());
        top.AddRow("raw model: InferenceEngine, batches of 16", F1(raw), "1.00×");
        top.AddRow("end to end: API → stream → batcher → grain", F1(capacity),
            (ratio >= 0.95 ? "[green]" : "[yellow]") + ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×[/]");
        top.Caption("target ≥ 0.95×");
        AnsiConsole.Write(top);

        var latency = new Table().Border(TableBorder.Rounded).Title("Latency, send → result received (open loop)")
            .AddColumn("load")
            .AddColumn(new TableColumn("sent/s").RightAligned())
            .AddColumn(new TableColumn("done/s").RightAligned())
            .AddColumn(new TableColumn("scans").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p95 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("batch").RightAligned())
            .AddColumn(new TableColumn("lost/dup").RightAligned());
        foreach (var r in runs)
        {
            var s = r.Summary;
            latency.AddRow(r.Label, double.IsInfinity(r.TargetRate) ? "burst" : F1(r.TargetRate), F1(s.Throughput), s.Sent.ToString(CultureInfo.InvariantCulture),
                F0(s.Percentile(50)), F0(s.Percentile(95)), F0(s.Percentile(99)), F1(r.MeanBatchSize),
                string.Create(CultureInfo.InvariantCulture, $"{s.Lost}/{s.Duplicates}"));
        }
        latency.Caption("batch = mean forward-pass batch size; burst = all scans at once (the capacity run)");
        AnsiConsole.Write(latency);

        var histogram = new Table().Border(TableBorder.Rounded).Title("Batch sizes formed by the batcher (number of batches)").AddColumn(new TableColumn("size").RightAligned());
        foreach (var r in runs)
            histogram.AddColumn(new TableColumn(r.Label).RightAligned());
        var perRun = runs.Select(r => r.BatchHistogram().ToDictionary(x => x.Size, x => x.Batches)).ToList();
        foreach (var size in perRun.SelectMany(h => h.Keys).Distinct().Order())
            histogram.AddRow([size.ToString(CultureInfo.InvariantCulture), .. perRun.Select(h => h.TryGetValue(size, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "")]);
        AnsiConsole.Write(histogram);
    }

    private static string F1(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string F0(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0", CultureInfo.InvariantCulture);
}
