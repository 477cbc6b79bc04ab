using System.Diagnostics;
using System.Globalization;
using FracCluster.ClusterTrainingBench;
using FracCluster.Contracts;
using FracCluster.Contracts.Training;

// Cluster training benchmark: extraction throughput with 1..N in-process silos and each silo's share, coordinator
// overhead per epoch, and inference latency with and without a training run extracting. All silos of an in-process
// cluster share this machine's cores, so with 2 cores the silo count cannot add compute: the table shows distribution
// and overhead, not scaling.
// As in the silo's Program.cs: the in-process silos here should manage native memory as real ones do.
FracCluster.Ml.Torch.NativeHeap.RetainLargeBlocks();
var settings = BenchSettings.Parse(args);
var work = Path.Combine(Path.GetTempPath(), "frac-bench-data-" + Guid.NewGuid().ToString("N")[..8]);
if (settings.FineTune.Count > 0)
{
    await FineTuneBench.RunAsync(settings, work);
    Directory.Delete(work, recursive: true);
    return;
}

var dataset = Path.Combine(work, "synth");
await BenchData.WriteDatasetAsync(dataset, settings.Images, seed: 5, minSize: 300, maxSize: 400);
var checkpoint = Path.Combine(work, "tiny");
BenchData.SaveTinyCheckpoint(checkpoint, settings.Size);
var images = Directory.EnumerateFiles(Path.Combine(dataset, "images"), "*.jpg", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
Console.WriteLine($"cores: {Environment.ProcessorCount}; {settings.Images} synthetic radiographs (300-400 px JPEG) -> {settings.Size} px; EfficientNet-B0 width 0.25 depth 0.3; shards of {settings.ShardSize}; {settings.Epochs} head epochs");
Console.WriteLine();

TrainingRunRequest Request(int? imageSize = null) => new()
{
    Dataset = dataset,
    Weights = checkpoint,
    Epochs = settings.Epochs,
    BatchSize = 16,
    Seed = 1,
    ShardSize = settings.ShardSize,
    ImageSize = imageSize,
};

Console.WriteLine("| silos | extract s | images/s | per-silo share (images) | head epoch compute ms | coordinator overhead ms/epoch |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var n in settings.Silos)
{
    await using var cluster = await BenchCluster.StartAsync(n, checkpoint);
    var runId = $"bench-{n}";
    await cluster.Client.GetGrain<ITrainingRunsGrain>(0).AddAsync(runId);
    var clock = Stopwatch.StartNew();
    await cluster.Client.GetGrain<ITrainingCoordinatorGrain>(runId).StartAsync(Request());
    double? extractStart = null, trainStart = null, testStart = null;
    TrainingRunStatus status;
    do
    {
        await Task.Delay(20);
        status = await cluster.StatusAsync(runId);
        var now = clock.Elapsed.TotalSeconds;
        if (status.Phase == TrainingPhase.Extract)
            extractStart ??= now;
        if (status.Phase == TrainingPhase.TrainHead)
            trainStart ??= now;
        if (status.Phase is TrainingPhase.Test or TrainingPhase.Completed)
            testStart ??= now;
    }
    while (!status.IsFinal);
    if (status.Phase != TrainingPhase.Completed)
        throw new InvalidOperationException($"Run {runId} ended {status.Phase}: {status.Error}");
    trainStart ??= testStart;
    var extract = trainStart!.Value - (extractStart ?? 0);
    var epochCompute = status.History.Average(h => h.Seconds) * 1000;
    var perEpochWall = (testStart!.Value - trainStart.Value) / settings.Epochs * 1000;
    var shares = string.Join(", ", status.SiloShares.Select((s, i) => $"s{i}: {s.Images}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n} | {extract:0.00} | {status.ImagesTotal / extract:0.0} | {shares} | {epochCompute:0.0} | {Math.Max(0, perEpochWall - epochCompute):0.0} |"));
}
Console.WriteLine();

// Inference latency at a steady rate, alone and while a run extracts (another input size, so no cached features).
await using (var cluster = await BenchCluster.StartAsync(settings.Silos.Max(), checkpoint))
{
    var (_, alone) = await LatencyAsync(cluster, images, settings.Rate, settings.Seconds, () => false);
    var runId = "bench-load";
    await cluster.Client.GetGrain<ITrainingRunsGrain>(0).AddAsync(runId);
    await cluster.Client.GetGrain<ITrainingCoordinatorGrain>(runId).StartAsync(Request(settings.Size + 8) with { Epochs = 1 });
    var extracting = true;
    using var watch = new CancellationTokenSource();
    var watcher = Task.Run(async () =>
    {
        while (!watch.IsCancellationRequested)
        {
            extracting = (await cluster.StatusAsync(runId)).Phase is TrainingPhase.Split or TrainingPhase.Extract;
            await Task.Delay(50);
        }
    });
    var (during, after) = await LatencyAsync(cluster, images, settings.Rate, settings.Seconds, () => extracting);
    await watch.CancelAsync();
    await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    Console.WriteLine("| inference at " + settings.Rate.ToString(CultureInfo.InvariantCulture) + " img/s | scans | p50 ms | p95 ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|");
    Print("no training run", alone);
    Print("while a run splits and extracts", during);
    if (after.Count > 0)
        Print("same window, after extraction", after);
}
Directory.Delete(work, recursive: true);

static void Print(string label, List<double> latencies)
{
    latencies.Sort();
    double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {latencies.Count} | {P(0.5):0.0} | {P(0.95):0.0} | {(latencies.Count == 0 ? double.NaN : latencies[^1]):0.0} |"));
}

/// <summary>Sends at a steady rate; latencies split by whether <paramref name="flag"/> was set when the scan was sent.</summary>
static async Task<(List<double> Flagged, List<double> Other)> LatencyAsync(BenchCluster cluster, List<byte[]> images, double rate, int seconds, Func<bool> flag)
{
    var intake = cluster.Client.GetGrain<IScanIntakeGrain>(0);
    var ids = new List<(string Id, bool Flagged)>();
    var interval = TimeSpan.FromSeconds(1 / rate);
    var clock = Stopwatch.StartNew();
    var i = 0;
    while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        var flagged = flag();
        var outcome = await intake.SubmitAsync(new ScanSubmission { ScannerId = "bench", Image = images[i++ % images.Count] });
        if (outcome.Status == SubmitStatus.Accepted)
            ids.Add((outcome.ScanId!, flagged));
        var next = interval * i - clock.Elapsed;
        if (next > TimeSpan.Zero)
            await Task.Delay(next);
    }
    var yes = new List<double>();
    var no = new List<double>();
    foreach (var (id, flagged) in ids)
    {
        var grain = cluster.Client.GetGrain<IScanResultGrain>(id);
        ScanResult? r;
        do
        {
            r = await grain.WaitAsync(TimeSpan.FromSeconds(5));
        }
        while (r is not { IsFinal: true });
        if (r.Status == ScanStatus.Completed && r.CompletedAt is { } done)
            (flagged ? yes : no).Add((done - r.ReceivedAt).TotalMilliseconds);
    }
    return (yes, no);
}
