using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Placement;
using FracCluster.Ml.Data;
using FracCluster.Ml.Reporting;
using FracCluster.Ml.Training;
using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>
/// The coordinator's side of data-parallel fine-tuning, one bounded piece per call: sync the replicas at an epoch start,
/// run one step (gradients from every participant, summed and averaged here, the same update applied everywhere), or
/// close an epoch (save the state, score validation on all participants, keep the best). A participant that leaves or
/// falls out of step restarts the epoch from the last saved state on the silos that are left.
/// </summary>
public sealed class FineTuneDriver(IGrainFactory grains, IBlobStore blobs, string runId, ClusterTrainingOptions options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private SplitManifest? _manifest;
    private bool _synced;
    private GradientSum? _sum;

    /// <summary>One piece of work; true when every epoch is done.</summary>
    public async Task<bool> StepAsync(TrainingRunState s, IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        var request = s.Request!;
        var manifest = await ManifestAsync(s, cancellationToken);
        if (!_synced || s.Participants.Count == 0 || s.Participants.Any(p => !hosts.Contains(p, StringComparer.Ordinal)))
        {
            if (_synced || s.Step > 0)
                s.EpochRestarts++;
            await SyncAsync(s, hosts, s.History.Count, cancellationToken);
            return false;
        }

        var epoch = s.History.Count + 1;
        var train = Indices(manifest, SplitName.Train);
        var steps = (train.Count + request.BatchSize - 1) / request.BatchSize;
        if (s.Step < steps)
        {
            var order = Trainer.Shuffle(train.Count, request.Seed, epoch);
            var batch = order.Skip(s.Step * request.BatchSize).Take(request.BatchSize).Select(i => train[i]).ToList();
            await RunStepAsync(s, batch, epoch, cancellationToken);
            return false;
        }
        await CloseEpochAsync(s, epoch, cancellationToken);
        return s.History.Count >= request.Epochs;
    }

    /// <summary>The epoch's participants load the same state: initial weights (epoch 0) or the state saved after <paramref name="epoch"/>.</summary>
    private async Task SyncAsync(TrainingRunState s, IReadOnlyList<string> hosts, int epoch, CancellationToken cancellationToken)
    {
        var request = s.Request!;
        var sync = new ReplicaSync
        {
            RunId = runId,
            Weights = request.Weights,
            ImageSize = request.ImageSize,
            LearningRate = request.LearningRate,
            Dataset = request.Dataset,
            ManifestKey = s.ManifestKey!,
            Epoch = epoch,
            StatePrefix = epoch == 0 ? null : RunKeys.FineTuneEpoch(runId, epoch),
        };
        await Task.WhenAll(hosts.Select(h => Worker(h).SyncReplicaAsync(sync))).WaitAsync(cancellationToken);
        // After the sync: it waits for each replica's gate, so a gradient call the coordinator gave up on has written its blobs by now.
        await SweepGradientBlobsAsync(cancellationToken);
        s.Participants = [.. hosts];
        s.Step = 0;
        s.EpochLossSum = 0;
        s.EpochImages = 0;
        s.EpochStartedAt = time.GetUtcNow();
        _synced = true;
    }

    private async Task RunStepAsync(TrainingRunState s, IReadOnlyList<int> batch, int epoch, CancellationToken cancellationToken)
    {
        var request = s.Request!;
        var microBatches = FineTuneReplica.Split(batch, options.FineTuneMicroBatches);
        var work = s.Participants
            .Select((p, i) => (Silo: p, MicroBatches: microBatches.Where(mb => mb.Index % s.Participants.Count == i).ToList()))
            .Where(w => w.MicroBatches.Count > 0)
            .ToList();
        MicroBatchGradients[] results;
        try
        {
            results = await Task.WhenAll(work.Select(w => Worker(w.Silo).ComputeGradientsAsync(new GradientWork
            {
                RunId = runId,
                Epoch = epoch - 1,
                Step = s.Step,
                MicroBatches = w.MicroBatches,
                Seed = request.Seed,
            }))).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A participant left or is out of step: the next call restarts the epoch on the silos that are left.
            _synced = false;
            throw;
        }

        var count = results.Sum(r => r.Count);
        var buffers = results.FirstOrDefault(r => r.Buffers is not null)?.Buffers;
        foreach (var bad in results.SelectMany(r => r.Skipped))
        {
            if (!s.BadEntries.Any(b => b.Path == bad.Path))
                s.BadEntries.Add(bad);
        }
        ReplicaUpdate update;
        if (count == 0 || buffers is null)
        {
            // Every image of the batch was unusable: nothing to learn from, every replica skips the step alike.
            update = new ReplicaUpdate { RunId = runId, Epoch = epoch - 1, Step = s.Step, Gradients = [], Buffers = [] };
        }
        else
        {
            update = await AverageAsync(results, count, buffers, epoch - 1, s.Step, cancellationToken);
        }
        try
        {
            await Task.WhenAll(s.Participants.Select(p => Worker(p).ApplyUpdateAsync(update))).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _synced = false;
            throw;
        }
        await DeleteStepBlobsAsync(results, update, cancellationToken);
        s.Step++;
        s.EpochLossSum += results.Sum(r => r.LossSum);
        s.EpochImages += count;
    }

    /// <summary>
    /// The step's update: micro-batch gradients added in micro-batch order (in double, from grain calls or blobs alike),
    /// divided by the image count; inline when small enough for a grain call, else written to a blob for the replicas.
    /// </summary>
    private async Task<ReplicaUpdate> AverageAsync(IReadOnlyList<MicroBatchGradients> results, int count, double[] buffers, int epoch, int step, CancellationToken cancellationToken)
    {
        var lengths = results.Where(r => r.MicroBatches.Count > 0).Select(r => r.Parameters).Distinct().ToList();
        if (lengths.Count != 1)
            throw new InvalidOperationException($"The replicas of run {runId} disagree on the parameter count ({string.Join(", ", lengths)}).");
        var sum = _sum is { } kept && kept.Length == lengths[0] ? kept : _sum = new GradientSum(lengths[0]);
        sum.Clear();
        foreach (var mb in results.SelectMany(r => r.MicroBatches).OrderBy(m => m.Index))
        {
            if (mb.BlobKey is { } key)
                await GradientBlobs.AddAsync(blobs, key, sum, cancellationToken);
            else if (mb.Gradients.Length == sum.Length)
                sum.Add(mb.Gradients);
            else
                throw new InvalidDataException($"Micro-batch {mb.Index} of run {runId} has {mb.Gradients.Length} gradient values for {sum.Length} parameters.");
        }
        var averaged = sum.Average(count);
        var update = new ReplicaUpdate { RunId = runId, Epoch = epoch, Step = step, Gradients = averaged, Buffers = buffers };
        if (options.FitsInline((long)averaged.Length * sizeof(float)))
            return update;
        var averageKey = RunKeys.FineTuneAverage(runId, epoch, step);
        await GradientBlobs.WriteAsync(blobs, averageKey, averaged, cancellationToken);
        return update with { Gradients = [], GradientsKey = averageKey };
    }

    /// <summary>Every replica applied the step: its gradient blobs are done with. A delete that fails is retried by the next sweep.</summary>
    private async Task DeleteStepBlobsAsync(IReadOnlyList<MicroBatchGradients> results, ReplicaUpdate update, CancellationToken cancellationToken)
    {
        var keys = results.SelectMany(r => r.MicroBatches).Select(m => m.BlobKey).Append(update.GradientsKey).OfType<string>();
        try
        {
            await Task.WhenAll(keys.Select(key => blobs.DeleteAsync(key, cancellationToken)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only space is at stake: SweepGradientBlobsAsync removes what is left at the next epoch start or the run's end.
        }
    }

    /// <summary>Removes gradient blobs left by steps that failed half-way (a silo lost between writing and applying).</summary>
    public async Task SweepGradientBlobsAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var key in blobs.ListAsync(RunKeys.FineTuneGradients(runId) + "/", cancellationToken))
            keys.Add(key);
        await Task.WhenAll(keys.Select(key => blobs.DeleteAsync(key, cancellationToken)));
    }

    /// <summary>Saves the epoch's state, scores validation across the participants and keeps the best epoch.</summary>
    private async Task CloseEpochAsync(TrainingRunState s, int epoch, CancellationToken cancellationToken)
    {
        var request = s.Request!;
        var lead = Worker(s.Participants[0]);
        await lead.SaveReplicaAsync(runId, RunKeys.FineTuneEpoch(runId, epoch)).WaitAsync(cancellationToken);
        var validation = await ScoreAsync(s, SplitName.Validation, cancellationToken);
        var history = await HistoryAsync(cancellationToken);
        history.RemoveAll(h => h.Epoch >= epoch);
        var best = s.BestEpoch > 0 ? history.FirstOrDefault(h => h.Epoch == s.BestEpoch) : null;
        var isBest = best is null || Trainer.IsBetter(validation, best);
        var record = new EpochRecord
        {
            Epoch = epoch,
            TrainLoss = s.EpochImages == 0 ? double.NaN : s.EpochLossSum / s.EpochImages,
            ValidationLoss = validation.Loss,
            Validation = validation.Metrics,
            Seconds = (time.GetUtcNow() - s.EpochStartedAt).TotalSeconds,
            IsBest = isBest,
        };
        history.Add(record);
        await blobs.PutAsync(RunKeys.FineTuneHistory(runId), JsonSerializer.SerializeToUtf8Bytes(history, Json), cancellationToken);
        if (isBest)
        {
            s.BestEpoch = epoch;
            s.BestValidationAccuracy = validation.Metrics.Accuracy;
            s.BestCheckpoint = RunKeys.BestCheckpoint(runId);
            await lead.SaveReplicaCheckpointAsync(runId, s.BestCheckpoint, s.ManifestSha256!, Settings(request, epoch)).WaitAsync(cancellationToken);
        }
        s.History.Add(new EpochSummary
        {
            Epoch = epoch,
            TrainLoss = record.TrainLoss,
            ValidationLoss = record.ValidationLoss,
            ValidationAccuracy = record.Validation.Accuracy,
            ValidationRocAuc = record.Validation.RocAuc,
            Seconds = record.Seconds,
            IsBest = isBest,
        });
        // Next epoch starts from the state just saved (identical to the replicas, and the resume point after a loss).
        s.Step = 0;
        s.EpochLossSum = 0;
        s.EpochImages = 0;
        _synced = false;
    }

    /// <summary>The test phase: every participant loads the best epoch, validation and test are scored, the report is written.</summary>
    public async Task<TrainingResult> TestAsync(TrainingRunState s, IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        await SyncAsync(s, hosts, s.BestEpoch, cancellationToken);
        var validation = await ScoreAsync(s, SplitName.Validation, cancellationToken);
        var test = await ScoreAsync(s, SplitName.Test, cancellationToken);
        var history = await HistoryAsync(cancellationToken);
        var points = new List<OperatingPoint>();
        foreach (var choice in new[] { validation.Youden, validation.AtTargetSensitivity })
        {
            if (choice is not null)
                points.Add(new OperatingPoint(choice, test.At(choice.Threshold)));
        }
        var result = new TrainingResult
        {
            History = history,
            BestEpoch = s.BestEpoch,
            Validation = validation,
            Test = test,
            OperatingPoints = points,
            Skipped = [],
            EpochsRun = 0,
        };
        var request = s.Request!;
        var run = new RunDescription
        {
            Name = request.Name ?? runId,
            Data = $"{request.Dataset} ({s.ImagesTotal} images; split manifest {s.ManifestSha256![..12]}; {s.BadEntries.Count} unusable)",
            Model = $"from {request.Weights}; fine-tuned data-parallel over {s.Participants.Count} silo(s), {options.FineTuneMicroBatches} micro-batches per step",
            ClassNames = s.ClassNames,
            PositiveClass = s.PositiveClass,
            Settings = Settings(request, s.BestEpoch),
        };
        await RunReportWriter.WriteAsync(blobs, RunKeys.Artifacts(runId), run, result, s.BadEntries, cancellationToken);
        return result;
    }

    /// <summary>Scores a split: its entries cut into contiguous pieces, one per participant, joined back in manifest order.</summary>
    private async Task<EvaluationReport> ScoreAsync(TrainingRunState s, SplitName split, CancellationToken cancellationToken)
    {
        var manifest = await ManifestAsync(s, cancellationToken);
        var entries = Indices(manifest, split);
        var size = Math.Max(1, (entries.Count + s.Participants.Count - 1) / s.Participants.Count);
        var parts = entries.Chunk(size).ToList();
        var results = await Task.WhenAll(parts.Select((part, i) => Worker(s.Participants[i]).ScoreAsync(runId, part))).WaitAsync(cancellationToken);
        var predictions = results.SelectMany(r => r.Images).Select(i => new Prediction(i.Path, i.Label, i.IsPositive, i.PositiveProbability)).ToList();
        if (predictions.Count == 0)
            throw new TrainingDataException($"No usable image in the {split.ToString().ToLowerInvariant()} split.");
        return EvaluationReport.FromPredictions(split.ToString(), results.Sum(r => r.LossSum) / predictions.Count, predictions, 0.95);
    }

    private async Task<List<EpochRecord>> HistoryAsync(CancellationToken cancellationToken)
    {
        var bytes = await blobs.GetAsync(RunKeys.FineTuneHistory(runId), cancellationToken);
        return bytes is null ? [] : JsonSerializer.Deserialize<List<EpochRecord>>(bytes, Json) ?? [];
    }

    private async Task<SplitManifest> ManifestAsync(TrainingRunState s, CancellationToken cancellationToken) =>
        _manifest ??= await SplitManifest.LoadAsync(blobs, s.ManifestKey!, cancellationToken);

    private static List<int> Indices(SplitManifest manifest, SplitName split) =>
        Enumerable.Range(0, manifest.Entries.Count).Where(i => manifest.Entries[i].Split == split).ToList();

    private Dictionary<string, string> Settings(TrainingRunRequest request, int bestEpoch) => new()
    {
        ["mode"] = TrainingModes.FineTune,
        ["epochs"] = request.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["batch"] = request.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["lr"] = request.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["seed"] = request.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["optimizer"] = "adam",
        ["loss"] = "cross-entropy",
        ["dataParallel"] = FormattableString.Invariant($"{options.FineTuneMicroBatches} micro-batches per step, gradients averaged over the batch"),
        ["bestEpoch"] = bestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["trainedBy"] = "cluster",
    };

    private ITrainingWorkerGrain Worker(string silo) => grains.GetGrain<ITrainingWorkerGrain>(silo);
}
