using System.Diagnostics;
using System.Globalization;
using FracCluster.Cli.Benchmarks;
using FracCluster.Cli.Embedded;
using FracCluster.Cli.Streaming;
using FracCluster.Imaging;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Metrics;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac bench cluster`: images/s end to end (HTTP API → blob → scans stream → batcher → model grain → result stream)
/// on an embedded silo, next to the raw throughput of the same model through <see cref="InferenceEngine"/> in the same
/// run; then latency percentiles at 25 %, 50 % and 90 % of the measured capacity (open loop) and the batch sizes the
/// batcher formed. Both paths are warmed first (the JIT re-tiers the silo's code for tens of seconds), then raw and
/// end-to-end bursts alternate for --rounds rounds, never at once, so they do not share cores; medians are compared.
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

        using var engine = InferenceEngine.Load(checkpoint, new InferenceOptions { Threads = settings.Threads, MaxBatchSize = 16 });
        var rawInputs = pool.Select(b => (ReadOnlyMemory<byte>)b).ToList();
        var warmRate = await WarmUpRawAsync(engine, rawInputs, settings.WarmupSeconds, cancellationToken);

        var runs = new List<ClusterLoadRun>();
        var rounds = new List<(double Raw, double EndToEnd)>();
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

            // Unmeasured traffic first: connection pools, grain activations, and above all the JIT. Tiered compilation
            // re-compiles the hot Orleans/ASP.NET paths for tens of seconds after start (measured on 2 cores with perf:
            // a third of the CPU in the first seconds of a burst); the raw engine was warmed for as long above.
            var warmup = (int)Math.Clamp(warmRate * settings.WarmupSeconds, 16, 20_000);
            CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"warm-up: {warmup} scans end to end, not measured"));
            await StreamAsync(transport, settings, images, warmup, 100_000, "warmup", cancellationToken);

            // Raw and end-to-end bursts alternate, and the medians are compared: on a shared 2-core VM one burst's
            // throughput moves by ±10 % from minute to minute, which a single pair would report as the ratio.
            StreamSummary? lastCapacity = null;
            for (var round = 1; round <= settings.Rounds; round++)
            {
                var raw = await RawThroughputAsync(engine, rawInputs, cancellationToken);
                lastCapacity = await StreamAsync(transport, settings, pool, pool.Count, 100_000, $"capacity{round}", cancellationToken);
                rounds.Add((raw, lastCapacity.Throughput));
                CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"round {round}/{settings.Rounds}: raw {raw:0.0} images/s, end to end {lastCapacity.Throughput:0.0} images/s ({lastCapacity.Throughput / raw:0.00}×)"));
            }
            var measured = SampleStatistics.Median(rounds.Select(r => r.EndToEnd));
            runs.Add(new ClusterLoadRun("full", double.PositiveInfinity, lastCapacity!));
            foreach (var share in LoadShares)
            {
                var rate = Math.Max(0.5, share * measured);
                var count = Math.Max(16, (int)Math.Round(rate * settings.Seconds));
                var label = string.Create(CultureInfo.InvariantCulture, $"{share * 100:0} %");
                CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"{label} of capacity: {count} scans at {rate:0.0}/s"));
                runs.Add(new ClusterLoadRun(label, rate, await StreamAsync(transport, settings, images, count, rate, "load" + (int)(share * 100), cancellationToken)));
            }
        }

        Render(metadata, rounds, runs);
        return runs.All(r => r.Summary.Clean) ? 0 : 1;
    }

    /// <summary>Runs the engine for about <paramref name="seconds"/>; returns the rate of its last, warmest pass.</summary>
    private static async Task<double> WarmUpRawAsync(InferenceEngine engine, IReadOnlyList<ReadOnlyMemory<byte>> inputs, double seconds, CancellationToken cancellationToken)
    {
        await engine.WarmUpAsync(cancellationToken);
        var sample = inputs.Take(64).ToList();
        var timer = Stopwatch.StartNew();
        double rate;
        do
            rate = await RawThroughputAsync(engine, sample, cancellationToken);
        while (timer.Elapsed.TotalSeconds < seconds);
        return rate;
    }

    /// <summary>One burst through the engine; decoding overlaps the forward pass inside it (next batch decoded while this one runs).</summary>
    private static async Task<double> RawThroughputAsync(InferenceEngine engine, IReadOnlyList<ReadOnlyMemory<byte>> inputs, CancellationToken cancellationToken)
    {
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

    private static void Render(CheckpointMetadata model, IReadOnlyList<(double Raw, double EndToEnd)> rounds, IReadOnlyList<ClusterLoadRun> runs)
    {
        var raw = SampleStatistics.Median(rounds.Select(r => r.Raw));
        var capacity = SampleStatistics.Median(rounds.Select(r => r.EndToEnd));
        var ratio = capacity / raw;
        var top = new Table().Border(TableBorder.Rounded).Title($"frac bench cluster: {model.VersionLabel}, {model.Preprocess.Size} px")
            .AddColumn("path")
            .AddColumn(new TableColumn("median/s").RightAligned())
            .AddColumn(new TableColumn("each round, images/s").RightAligned())
            .AddColumn(new TableColumn("vs raw").RightAligned());
        top.AddRow("raw InferenceEngine (16/batch)", F1(raw), string.Join(" ", rounds.Select(r => F1(r.Raw))), "1.00×");
        top.AddRow("end to end (API → result)", F1(capacity), string.Join(" ", rounds.Select(r => F1(r.EndToEnd))),
            (ratio >= 0.95 ? "[green]" : "[yellow]") + ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×[/]");
        top.Caption("target ≥ 0.95×; raw and end-to-end bursts alternate, both warmed first");
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
