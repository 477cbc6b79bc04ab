using FracCluster.Contracts.Training;
using FracCluster.Grains.Training;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Cluster.Tests.Training;

public sealed class DataParallelFineTuneTests
{
    /// <summary>The tiny model's gradients (≈ 0.5 MB per micro-batch) travel in grain calls by default; with the limit at 0 every one goes through a blob, as B6's do.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Data_parallel_fine_tune_over_three_silos_equals_a_single_process_run_of_the_same_steps(bool gradientsThroughBlobs)
    {
        var settings = gradientsThroughBlobs ? new Dictionary<string, string?> { ["Frac:Training:FineTuneInlineGradientBytes"] = "0" } : null;
        await using var t = await TrainingCluster.StartAsync(images: 40, settings);
        var request = t.Request(epochs: 1) with { Mode = TrainingModes.FineTune, BatchSize = 8 };
        await t.StartRunAsync("ft", request);
        var run = await t.WaitFinalAsync("ft");

        var gradientBlobs = t.Recorded.Puts.Where(k => k.StartsWith(RunKeys.FineTuneGradients("ft") + "/", StringComparison.Ordinal)).ToList();
        if (gradientsThroughBlobs)
        {
            var manifest = await SplitManifest.LoadAsync(t.Blobs, RunKeys.Manifest("ft"));
            var train = manifest.Entries.Count(e => e.Split == SplitName.Train);
            for (var step = 0; step * request.BatchSize < train; step++)
            {
                Assert.Contains(RunKeys.FineTuneAverage("ft", 0, step), gradientBlobs);
                var images = Math.Min(request.BatchSize, train - (step * request.BatchSize));
                foreach (var mb in FineTuneReplica.Split(Enumerable.Range(0, images).ToList(), 4))
                    Assert.Contains(RunKeys.FineTuneGradient("ft", 0, step, mb.Index), gradientBlobs);
            }
        }
        else
        {
            Assert.Empty(gradientBlobs);
        }
        // Each step's blobs are deleted once every replica applied it.
        Assert.Empty(await t.Blobs.ListAsync(RunKeys.FineTuneGradients("ft")).ToListAsync());

        Assert.Equal(TrainingPhase.Completed, run.Phase);
        Assert.Equal([1], run.History.Select(h => h.Epoch));
        Assert.Contains("test_roc_auc", run.TestMetrics.Keys);
        Assert.True(await t.Blobs.ExistsAsync("runs/ft/best.safetensors"));
        Assert.True(await t.Blobs.ExistsAsync("runs/ft/report.md"));

        var cluster = await t.Blobs.GetAsync(RunKeys.FineTuneEpoch("ft", 1) + "/model.dat");
        var reference = await SingleProcessAsync(t, request);
        using var distributed = ModelCheckpoint.Load(Path.Combine(t.Blobs.Root, "models", "tiny")).Model;
        using (var ms = new MemoryStream(cluster!))
            distributed.load(ms);
        var maxDiff = 0.0;
        var moved = 0.0;
        using var initial = ModelCheckpoint.Load(Path.Combine(t.Blobs.Root, "models", "tiny")).Model;
        var a = distributed.state_dict();
        var b = reference.state_dict();
        var c = initial.state_dict();
        foreach (var (name, value) in a)
        {
            using var scope = NewDisposeScope();
            maxDiff = Math.Max(maxDiff, (value.to(float64) - b[name].to(float64)).abs().max().item<double>());
            moved = Math.Max(moved, (value.to(float64) - c[name].to(float64)).abs().max().item<double>());
        }
        reference.Dispose();
        Assert.True(moved > 1e-3, $"training changed the weights by at most {moved}");
        Assert.True(maxDiff < 1e-5, $"data-parallel and single-process weights differ by up to {maxDiff}");
    }

    [Fact]
    public async Task Losing_a_silo_in_the_middle_of_a_fine_tune_epoch_restarts_that_epoch_on_the_others_with_the_same_result()
    {
        await using var t = await TrainingCluster.StartAsync(images: 40);
        var request = t.Request(epochs: 2) with { Mode = TrainingModes.FineTune, BatchSize = 8 };
        await t.StartRunAsync("ft-base", request);
        var baseline = await t.WaitFinalAsync("ft-base");

        t.Probe.BlockStep(2, 2);
        await t.StartRunAsync("ft-loss", request);
        await t.Probe.EpochReached.Task.WaitAsync(TrainingCluster.Timeout);
        var coordinator = (await t.StatusAsync("ft-loss")).CoordinatorSilo;
        await t.Cluster.StopSiloAsync(t.Cluster.Silos.First(s => s.SiloAddress.ToParsableString() != coordinator));
        t.Probe.OpenEpochs();
        var run = await t.WaitFinalAsync("ft-loss");

        Assert.Equal(TrainingPhase.Completed, run.Phase);
        Assert.Equal([1, 2], run.History.Select(h => h.Epoch));
        Assert.True(run.EpochRestarts >= 1);
        Assert.Equal(0, baseline.EpochRestarts);
        // Micro-batches, not silos, define each step: two silos give what three gave.
        Assert.Equal(baseline.BestEpoch, run.BestEpoch);
        foreach (var (name, value) in baseline.TestMetrics)
            Assert.True(Math.Abs(value - run.TestMetrics[name]) < 1e-5 || (double.IsNaN(value) && double.IsNaN(run.TestMetrics[name])), $"{name}: {value} vs {run.TestMetrics[name]}");
        for (var e = 0; e < 2; e++)
            Assert.True(Math.Abs(baseline.History[e].TrainLoss - run.History[e].TrainLoss) < 1e-5, $"epoch {e + 1} train loss {baseline.History[e].TrainLoss} vs {run.History[e].TrainLoss}");
    }

    /// <summary>
    /// The same steps in one process, written out plainly: per micro-batch forward/backward from the step's starting
    /// BatchNorm buffers with the same dropout seed, gradients summed then divided by the image count, one Adam step,
    /// micro-batch 0's buffers kept.
    /// </summary>
    private static async Task<Ml.Models.FeatureClassifier> SingleProcessAsync(TrainingCluster t, TrainingRunRequest request)
    {
        var checkpoint = ModelCheckpoint.Load(Path.Combine(t.Blobs.Root, "models", "tiny"));
        var model = checkpoint.Model;
        var manifest = await SplitManifest.LoadAsync(t.Blobs, RunKeys.Manifest("ft"));
        var source = await TrainingData.OpenAsync(t.Blobs, request.Dataset, CancellationToken.None);
        var decoder = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), checkpoint.Metadata.Preprocess), source.ReadAsync, 1);
        var classes = new ClassLayout(manifest.ClassNames, checkpoint.Metadata.PositiveClass);
        var train = Enumerable.Range(0, manifest.Entries.Count).Where(i => manifest.Entries[i].Split == SplitName.Train).ToList();
        var order = Trainer.Shuffle(train.Count, request.Seed, 1);
        foreach (var p in model.parameters())
            p.requires_grad = true;
        var buffers = model.buffers().ToArray();
        using var optimizer = optim.Adam(model.parameters(), request.LearningRate);
        model.train();
        var steps = (train.Count + request.BatchSize - 1) / request.BatchSize;
        for (var step = 0; step < steps; step++)
        {
            var batch = order.Skip(step * request.BatchSize).Take(request.BatchSize).Select(i => train[i]).ToList();
            var start = buffers.Select(x => x.detach().clone()).ToArray();
            Tensor[]? afterFirst = null;
            var count = 0;
            var sum = new double[model.parameters().Sum(p => (int)p.numel())];
            foreach (var mb in FineTuneReplica.Split(batch, 4))
            {
                var decoded = await decoder.DecodeAsync(mb.Entries.Select(i => manifest.Entries[i]).ToList(), CancellationToken.None);
                Copy(start, buffers);
                random.manual_seed(FineTuneReplica.MicroBatchSeed(request.Seed, 0, step, mb.Index));
                using (var scope = NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var x = tensor(decoded.Pixels, decoded.Shape);
                    var y = tensor(decoded.Items.Select(i => (long)classes.IndexOf(i.Label)).ToArray());
                    nn.functional.cross_entropy(model.forward(x), y, reduction: nn.Reduction.Sum).backward();
                    var offset = 0;
                    foreach (var p in model.parameters())
                    {
                        foreach (var g in p.grad!.flatten().data<float>())
                            sum[offset++] += g;
                    }
                }
                count += decoded.Items.Count;
                if (mb.Index == 0)
                    afterFirst = buffers.Select(x => x.detach().clone()).ToArray();
            }
            using (no_grad())
            using (var scope = NewDisposeScope())
            {
                var offset = 0;
                foreach (var p in model.parameters())
                {
                    var n = (int)p.numel();
                    p.grad!.copy_(tensor(sum.AsSpan(offset, n).ToArray().Select(v => (float)(v / count)).ToArray()).reshape(p.shape));
                    offset += n;
                }
            }
            optimizer.step();
            Copy(afterFirst!, buffers);
        }
        return model;
    }

    private static void Copy(Tensor[] from, Tensor[] to)
    {
        using var mode = no_grad();
        for (var i = 0; i < to.Length; i++)
            to[i].copy_(from[i]);
    }
}
