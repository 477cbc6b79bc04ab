using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Training;

namespace FracCluster.Cluster.Tests.Training;

public sealed class ClusterTrainingTests
{
    [Fact]
    public async Task Two_runs_at_once_extract_on_every_silo_train_the_configured_epochs_write_artifacts_and_publish()
    {
        await using var t = await TrainingCluster.StartAsync();
        await Task.WhenAll(t.StartRunAsync("run-a", t.Request(publish: true)), t.StartRunAsync("run-b", t.Request()));
        var a = await t.WaitFinalAsync("run-a");
        var b = await t.WaitFinalAsync("run-b");

        foreach (var run in new[] { a, b })
        {
            Assert.Equal(TrainingPhase.Completed, run.Phase);
            Assert.Equal(4, run.Epoch);
            Assert.Equal([1, 2, 3, 4], run.History.Select(h => h.Epoch));
            Assert.Equal(run.ShardsTotal, run.ShardsDone);
            Assert.Equal(3, run.SiloShares.Count);
            Assert.Equal(run.ShardsTotal, run.SiloShares.Sum(s => s.Shards));
            Assert.Equal(run.ImagesTotal, run.SiloShares.Sum(s => s.Images));
            Assert.Contains("test_roc_auc", run.TestMetrics.Keys);
        }
        // Same settings, same data: the concurrent runs did not disturb each other.
        Assert.Equal(a.TestMetrics, b.TestMetrics);
        Assert.Equal(a.History.Select(h => h.TrainLoss), b.History.Select(h => h.TrainLoss));

        foreach (var artifact in new[] { "report.md", "metrics.jsonl", "best.safetensors", "best.json", "split-manifest.json", "bad-entries.json", "state/state.json" })
            Assert.True(await t.Blobs.ExistsAsync($"runs/run-a/{artifact}"), artifact);
        var keys = new List<string>();
        await foreach (var key in t.Blobs.ListAsync("runs/run-a/"))
            keys.Add(key);
        Assert.Contains(keys, k => k.Contains("tfevents", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.EndsWith(".png", StringComparison.Ordinal));
        Assert.Equal(a.ShardsTotal, keys.Count(k => k.EndsWith(".fcfs", StringComparison.Ordinal)));

        Assert.True(a.Published);
        Assert.False(b.Published);
        Assert.All(await t.ModelsAsync(), m => Assert.Equal(RunKeys.BestCheckpoint("run-a"), m.Checkpoint));
        Assert.Empty(await t.Client.GetGrain<ITrainingRunsGrain>(0).ListActiveAsync());
    }

    [Fact]
    public async Task Stopping_the_coordinators_silo_resumes_elsewhere_after_the_last_completed_epoch_with_the_same_result()
    {
        await using var t = await TrainingCluster.StartAsync();
        await t.StartRunAsync("baseline", t.Request());
        var baseline = await t.WaitFinalAsync("baseline");

        t.Probe.BlockEpoch(3);
        await t.StartRunAsync("moved", t.Request());
        await t.Probe.EpochReached.Task.WaitAsync(TrainingCluster.Timeout);
        var before = await t.StatusAsync("moved");
        Assert.Equal(2, before.Epoch);
        var shardsWritten = t.Probe.Written.Count(w => w.Run == "moved");
        var host = t.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.CoordinatorSilo);
        await t.Cluster.StopSiloAsync(host);
        t.Probe.OpenEpochs();

        var after = await t.WaitFinalAsync("moved");
        Assert.Equal(TrainingPhase.Completed, after.Phase);
        Assert.True(after.Resumes >= 1);
        Assert.NotEqual(before.CoordinatorSilo, after.CoordinatorSilo);
        Assert.Equal([1, 2, 3, 4], after.History.Select(h => h.Epoch));
        // No feature shard ran again after the move.
        Assert.Equal(shardsWritten, t.Probe.Written.Count(w => w.Run == "moved"));
        Assert.Equal(baseline.TestMetrics, after.TestMetrics);
        Assert.Equal(baseline.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)), after.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)));
        Assert.Equal(baseline.BestEpoch, after.BestEpoch);
    }

    [Fact]
    public async Task Stopping_a_worker_silo_during_extraction_hands_its_shards_to_the_others_and_loses_or_doubles_none()
    {
        await using var t = await TrainingCluster.StartAsync();
        t.Probe.BlockShards();
        await t.StartRunAsync("worker-loss", t.Request(epochs: 2));
        await Poll.UntilAsync(() => Task.FromResult(t.Probe.WaitingShards.Count(kv => kv.Value > 0) == 3), TrainingCluster.Timeout, "a shard waiting on every silo");
        var coordinator = (await t.StatusAsync("worker-loss")).CoordinatorSilo;
        var victim = t.Cluster.Silos.First(s => s.SiloAddress.ToParsableString() != coordinator);
        var victimName = victim.SiloAddress.ToParsableString();
        await t.Cluster.StopSiloAsync(victim);
        t.Probe.OpenShards();

        var run = await t.WaitFinalAsync("worker-loss");
        Assert.Equal(TrainingPhase.Completed, run.Phase);
        Assert.True(run.ShardsReassigned >= 1);
        Assert.Equal(run.ShardsTotal, run.ShardsDone);
        Assert.DoesNotContain(run.SiloShares, s => s.Silo == victimName);
        Assert.Equal(run.ShardsTotal, run.SiloShares.Sum(s => s.Shards));
        Assert.Equal(run.ImagesTotal, run.SiloShares.Sum(s => s.Images));
        var written = t.Probe.Written.Where(w => w.Run == "worker-loss").ToList();
        Assert.Equal(Enumerable.Range(0, run.ShardsTotal), written.Select(w => w.Shard).Distinct().Order());
        Assert.DoesNotContain(written, w => w.Silo == victimName);
        Assert.Equal(2, run.Epoch);
    }

    [Fact]
    public async Task A_silo_that_joins_during_extraction_gets_shards()
    {
        await using var t = await TrainingCluster.StartAsync();
        t.Probe.BlockShards();
        await t.StartRunAsync("joined", t.Request(epochs: 1));
        await Poll.UntilAsync(() => Task.FromResult(t.Probe.WaitingShards.Count(kv => kv.Value > 0) == 3), TrainingCluster.Timeout, "a shard waiting on every silo");
        var joined = await t.Cluster.StartAdditionalSiloAsync();
        var name = joined.SiloAddress.ToParsableString();
        // Every first silo holds its maximum of unfinished shards, so the free ones can only go to the newcomer.
        await Poll.UntilAsync(() => Task.FromResult(t.Probe.WaitingShards.GetValueOrDefault(name) > 0), TrainingCluster.Timeout, "the new silo to start a shard");
        t.Probe.OpenShards();

        var run = await t.WaitFinalAsync("joined");
        Assert.Equal(TrainingPhase.Completed, run.Phase);
        Assert.Equal(4, run.SiloShares.Count);
        Assert.Contains(run.SiloShares, s => s.Silo == name && s.Shards > 0);
        Assert.Equal(run.ShardsTotal, run.SiloShares.Sum(s => s.Shards));
    }

    [Fact]
    public async Task Cancelling_stops_the_work_on_every_silo_and_leaves_a_cancelled_record()
    {
        await using var t = await TrainingCluster.StartAsync();
        t.Probe.BlockShards();
        await t.StartRunAsync("cancelled", t.Request());
        await Poll.UntilAsync(() => Task.FromResult(t.Probe.WaitingShards.Values.Sum() >= 1), TrainingCluster.Timeout, "a shard to start");

        var cancelled = await t.Client.GetGrain<ITrainingCoordinatorGrain>("cancelled").CancelAsync();
        Assert.Equal(TrainingPhase.Cancelled, cancelled!.Phase);
        await Poll.UntilAsync(() => Task.FromResult(t.Probe.WaitingShards.Values.Sum() == 0), TrainingCluster.Timeout, "the waiting shards to be stopped");
        t.Probe.OpenShards();

        foreach (var silo in t.Cluster.Silos)
            Assert.Empty(await t.Client.GetGrain<ITrainingWorkerGrain>(silo.SiloAddress.ToParsableString()).GetShardsAsync("cancelled"));
        Assert.DoesNotContain(t.Probe.Written, w => w.Run == "cancelled");
        Assert.DoesNotContain("cancelled", await t.Client.GetGrain<ITrainingRunsGrain>(0).ListActiveAsync());
        var record = await t.StatusAsync("cancelled");
        Assert.Equal(TrainingPhase.Cancelled, record.Phase);
        Assert.Equal(0, record.Epoch);
    }
}
