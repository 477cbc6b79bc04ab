using System.Diagnostics;
using System.Globalization;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Training;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Metrics;
using FracCluster.Ml.Models;

namespace FracCluster.ClusterTrainingBench;

/// <summary>
/// Data-parallel fine-tuning of full-size variants over 2 in-process silos, one epoch each, gradients in grain calls and
/// through blobs. A B6 gradient (163 MB) is over Orleans' 100 MB message limit, so B6 has only the blob row; B0 has
/// both, which prices the blob path against the grain-call path on the same run.
/// </summary>
public static class FineTuneBench
{
    private const int Silos = 2;
    private const int BatchSize = 16;

    public static async Task RunAsync(BenchSettings settings, string work)
    {
        var dataset = Path.Combine(work, "ft-synth");
        await BenchData.WriteDatasetAsync(dataset, settings.FineTuneImages, seed: 6, minSize: 256, maxSize: 320);
        // The model grains serve a tiny model, so the silos' memory and cores go to the replicas being measured.
        var serving = Path.Combine(work, "serving");
        BenchData.SaveTinyCheckpoint(serving, 64);

        Console.WriteLine($"cores: {Environment.ProcessorCount}; {settings.FineTuneImages} synthetic radiographs -> {settings.FineTuneSize} px; {Silos} in-process silos; 1 epoch, batch {BatchSize}, 4 micro-batches per step; random-init weights");
        Console.WriteLine();
        Console.WriteLine("| model | parameters | gradient per micro-batch | gradients travel | epoch s, median (rounds): sync, steps, save, validation | run s, median | peak RSS GiB (process, both silos) | train loss (each distinct value) | vs grain calls |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var name in settings.FineTune)
        {
            var config = new EfficientNetConfig { Variant = Enum.Parse<EfficientNetVariant>(name, ignoreCase: true), NumClasses = 2 };
            var weights = Path.Combine(work, name);
            long parameters;
            TorchSharp.torch.random.manual_seed(2);
            using (var model = new EfficientNet(config))
            {
                parameters = model.parameters().Sum(p => p.numel());
                ModelCheckpoint.Save(model, ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], 0, PreprocessOptions.ImageNet(settings.FineTuneSize)), weights);
            }
            var gradientBytes = parameters * sizeof(float);
            // Each worker's reply carries its share of the step's micro-batch gradients, as the workers reckon it.
            var perWorker = (new ClusterTrainingOptions().FineTuneMicroBatches + Silos - 1) / Silos;
            var inline = new ClusterTrainingOptions { FineTuneInlineGradientBytes = ClusterTrainingOptionsValidator.MaxInlineGradientBytes }.FitsInline(gradientBytes * perWorker);
            // Rounds alternate between the paths, so JIT warm-up and machine noise fall on both alike.
            var paths = inline ? new[] { false, true } : [true];
            var epochs = paths.ToDictionary(p => p, _ => new List<double>());
            var walls = paths.ToDictionary(p => p, _ => new List<double>());
            var losses = paths.ToDictionary(p => p, _ => new List<double>());
            var peaks = paths.ToDictionary(p => p, _ => new List<double>());
            for (var round = 0; round < settings.FineTuneRounds; round++)
            {
                foreach (var throughBlobs in paths)
                {
                    var (epoch, wall, loss, peak) = await RunOnceAsync(serving, dataset, weights, settings.FineTuneSize, throughBlobs);
                    peaks[throughBlobs].Add(peak);
                    epochs[throughBlobs].Add(epoch);
                    walls[throughBlobs].Add(wall);
                    losses[throughBlobs].Add(loss);
                }
            }
            foreach (var throughBlobs in paths)
            {
                var epoch = SampleStatistics.Median(epochs[throughBlobs]);
                var ratio = !inline ? "(over the limit: blobs only)" : FormattableString.Invariant($"{epoch / SampleStatistics.Median(epochs[false]):0.00}×");
                var rounds = string.Join(" ", epochs[throughBlobs].Select(e => e.ToString("0.0", CultureInfo.InvariantCulture)));
                var lossText = string.Join(" / ", losses[throughBlobs].Distinct().Select(l => l.ToString("0.000000", CultureInfo.InvariantCulture)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name.ToUpperInvariant()} | {parameters / 1e6:0.0} M | {gradientBytes / 1e6:0.0} MB | {(throughBlobs ? "blobs" : "grain calls")} | {epoch:0.0} ({rounds}) | {SampleStatistics.Median(walls[throughBlobs]):0.0} | {peaks[throughBlobs].Max():0.0} | {lossText} | {ratio} |"));
            }
        }
    }

    private static async Task<(double EpochSeconds, double WallSeconds, double TrainLoss, double PeakGiB)> RunOnceAsync(string serving, string dataset, string weights, int size, bool throughBlobs)
    {
        var limit = throughBlobs ? "0" : ClusterTrainingOptionsValidator.MaxInlineGradientBytes.ToString(CultureInfo.InvariantCulture);
        await using var cluster = await BenchCluster.StartAsync(Silos, serving, new Dictionary<string, string?> { ["Frac:Training:FineTuneInlineGradientBytes"] = limit });
        var runId = throughBlobs ? "ft-blobs" : "ft-calls";
        await cluster.Client.GetGrain<ITrainingRunsGrain>(0).AddAsync(runId);
        var clock = Stopwatch.StartNew();
        await cluster.Client.GetGrain<ITrainingCoordinatorGrain>(runId).StartAsync(new TrainingRunRequest
        {
            Dataset = dataset,
            Weights = weights,
            Mode = TrainingModes.FineTune,
            Epochs = 1,
            BatchSize = BatchSize,
            Seed = 1,
            ImageSize = size,
        });
        TrainingRunStatus status;
        var peak = Environment.WorkingSet;
        do
        {
            await Task.Delay(200);
            status = await cluster.StatusAsync(runId);
            peak = Math.Max(peak, Environment.WorkingSet);
        }
        while (!status.IsFinal);
        if (status.Phase != TrainingPhase.Completed)
            throw new InvalidOperationException($"Run {runId} ended {status.Phase}: {status.Error}");
        return (status.History[0].Seconds, clock.Elapsed.TotalSeconds, status.History[0].TrainLoss, peak / (1024.0 * 1024 * 1024));
    }
}
