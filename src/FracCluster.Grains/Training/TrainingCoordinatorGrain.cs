using System.Text.Json;
using FracCluster.Contracts;
using FracCluster.Contracts.Training;
using FracCluster.Grains.Placement;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Training;

/// <summary>
/// Drives one training run (key = run id): split → extract (shards on every live silo) → train head (one epoch per
/// step) → test → publish. The run record is grain state written after every step; a grain timer runs the steps, each
/// bounded (one dispatch round, one epoch), and a reminder plus the silos' watchdog bring the coordinator back on
/// another silo when its silo is lost. It then carries on from the record: finished shards are kept, training resumes
/// after the last completed epoch.
/// </summary>
public sealed partial class TrainingCoordinatorGrain(
    [PersistentState("run", FracStorageNames.Training)] IPersistentState<TrainingRunState> state,
    IBlobStore blobs,
    ILocalSiloDetails silo,
    IOptions<ClusterTrainingOptions> options,
    ITrainingProbe probe,
    SiloStopping stopping,
    TimeProvider time,
    ILoggerFactory loggerFactory) : Grain, ITrainingCoordinatorGrain, IRemindable
{
    private const string ReminderName = "training-loop";
    private readonly ILogger _logger = loggerFactory.CreateLogger<TrainingCoordinatorGrain>();
    private IGrainTimer? _timer;
    private HeadTrainingSession? _session;
    private FineTuneDriver? _fineTune;
    private int _stepFailures;

    private string RunId => this.GetPrimaryKeyString();

    private string SiloName => silo.SiloAddress.ToParsableString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.Request is not null && !state.State.IsFinal)
        {
            // A previous activation ran this run and is gone (its silo stopped or died): pick it up from the record.
            state.State.Resumes++;
            state.State.CoordinatorSilo = SiloName;
            await state.WriteStateAsync(cancellationToken);
            LogResumed(_logger, RunId, state.State.Phase, state.State.History.Count, SiloName);
            StartLoop();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _session?.Dispose();
        _session = null;
        return Task.CompletedTask;
    }

    public async Task<TrainingRunStatus> StartAsync(TrainingRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Request is not null)
            return Status();
        TrainingRequestValidation.ThrowIfInvalid(request);
        var now = time.GetUtcNow();
        state.State = new TrainingRunState
        {
            Request = request,
            Phase = TrainingPhase.Split,
            CreatedAt = now,
            UpdatedAt = now,
            PhaseStartedAt = now,
            CoordinatorSilo = SiloName,
        };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITrainingRunsGrain>(0).AddAsync(RunId);
        // Minimum reminder period is a minute: the timer does the work, the reminder only restarts it after a silo loss.
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        LogStarted(_logger, RunId, request.Dataset, request.Mode, request.Epochs);
        StartLoop();
        return Status();
    }

    public Task<TrainingRunStatus?> GetStatusAsync() =>
        Task.FromResult(state.State.Request is null ? null : Status());

    public async Task<TrainingRunStatus?> CancelAsync()
    {
        if (state.State.Request is null)
            return null;
        if (!state.State.IsFinal)
        {
            await FinishAsync(TrainingPhase.Cancelled, "Cancelled by request.");
            LogCancelled(_logger, RunId);
        }
        return Status();
    }

    public Task EnsureRunningAsync()
    {
        if (state.State.Request is not null && !state.State.IsFinal)
            StartLoop();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Request is not null && !state.State.IsFinal)
        {
            StartLoop();
            return;
        }
        await StopReminderAsync();
    }

    private void StartLoop()
    {
        if (_timer is not null)
            return;
        var period = TimeSpan.FromMilliseconds(options.Value.TickMilliseconds);
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, period) { KeepAlive = true });
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (state.State.Request is null || state.State.IsFinal)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        try
        {
            await StepAsync(linked.Token);
            _stepFailures = 0;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The silo is stopping: the record still names the last completed step, the next activation resumes there.
        }
        catch (Exception ex) when (IsRunError(ex))
        {
            LogFailed(_logger, ex, RunId, state.State.Phase);
            await FinishAsync(TrainingPhase.Failed, $"{state.State.Phase}: {ex.Message}");
        }
        catch (Exception ex)
        {
            _stepFailures++;
            LogStepFailed(_logger, ex, RunId, state.State.Phase, _stepFailures);
            if (_stepFailures >= options.Value.MaxStepFailures)
                await FinishAsync(TrainingPhase.Failed, $"{state.State.Phase}: {_stepFailures} steps in a row failed; last: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Errors in the run's inputs: retrying cannot help, the run fails with the message.</summary>
    private static bool IsRunError(Exception ex) =>
        ex is DatasetException or SplitManifestException or SplitLeakException or CheckpointException or TrainingDataException or TrainingRunException;

    private Task StepAsync(CancellationToken cancellationToken) => state.State.Phase switch
    {
        TrainingPhase.Split => SplitAsync(cancellationToken),
        TrainingPhase.Extract => ExtractAsync(cancellationToken),
        TrainingPhase.TrainHead => TrainEpochAsync(cancellationToken),
        TrainingPhase.FineTune => FineTuneStepAsync(cancellationToken),
        TrainingPhase.Test => TestAsync(cancellationToken),
        TrainingPhase.Publish => PublishAsync(cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task SplitAsync(CancellationToken cancellationToken)
    {
        var request = state.State.Request!;
        var weights = await CheckpointResolver.ResolveAsync(blobs, request.Weights, cancellationToken);
        var start = ModelCheckpoint.ReadMetadata(weights);
        var source = await TrainingData.OpenAsync(blobs, request.Dataset, cancellationToken);
        if (!start.ClassNames.SequenceEqual(source.ClassNames, StringComparer.Ordinal))
            throw new TrainingDataException($"The checkpoint's classes are [{string.Join(", ", start.ClassNames)}] but the data's are [{string.Join(", ", source.ClassNames)}]; class order is explicit, so they must match.");
        var hashed = await DatasetHashing.HashAsync(source, null, Math.Max(1, Environment.ProcessorCount), null, cancellationToken);
        var manifest = SplitManifest.Create(hashed, source.ClassNames, request.Seed);
        manifest.EnsureNoLeak();
        await manifest.SaveAsync(blobs, RunKeys.Root(RunId), cancellationToken);

        var s = state.State;
        s.ManifestKey = RunKeys.Manifest(RunId);
        s.ManifestSha256 = manifest.Sha256;
        s.ImagesTotal = manifest.Entries.Count;
        s.ClassNames = [.. source.ClassNames];
        s.PositiveClass = start.PositiveClass;
        s.Shards = Enumerable.Range(0, (manifest.Entries.Count + request.ShardSize - 1) / request.ShardSize)
            .Select(i => new ShardRecord { Index = i, Start = i * request.ShardSize, Count = Math.Min(request.ShardSize, manifest.Entries.Count - (i * request.ShardSize)) })
            .ToList();
        if (request.Mode == TrainingModes.FineTune)
        {
            s.Shards = [];
            LogSplit(_logger, RunId, manifest.Entries.Count, 0);
            await EnterAsync(TrainingPhase.FineTune);
            return;
        }
        LogSplit(_logger, RunId, manifest.Entries.Count, s.Shards.Count);
        await EnterAsync(TrainingPhase.Extract);
    }

    /// <summary>One dispatch round: note finished shards, take back shards of silos that left or failed, hand out free ones.</summary>
    private async Task ExtractAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        var request = s.Request!;
        var hosts = (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, CancellationToken.None)).Keys
            .Select(h => h.ToParsableString()).Order(StringComparer.Ordinal).ToList();
        var changed = false;

        foreach (var shard in s.Shards.Where(x => !x.Done && x.AssignedSilo is not null))
        {
            if (await blobs.ExistsAsync(RunKeys.Shard(RunId, shard.Index), cancellationToken))
            {
                shard.Done = true;
                shard.DoneBy = shard.AssignedSilo;
                changed = true;
            }
            else if (!hosts.Contains(shard.AssignedSilo!, StringComparer.Ordinal))
            {
                LogReassigned(_logger, RunId, shard.Index, shard.AssignedSilo!);
                shard.AssignedSilo = null;
                s.ShardsReassigned++;
                changed = true;
            }
        }

        foreach (var group in s.Shards.Where(x => !x.Done && x.AssignedSilo is not null).GroupBy(x => x.AssignedSilo!).ToList())
        {
            var worker = GrainFactory.GetGrain<ITrainingWorkerGrain>(group.Key);
            IReadOnlyList<ShardReport> reports;
            try
            {
                reports = await worker.GetShardsAsync(RunId).WaitAsync(StepCallTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or SiloBindingException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                continue; // Leaving the cluster: the membership check above takes its shards back once it has gone.
            }
            var byIndex = reports.ToDictionary(r => r.ShardIndex);
            foreach (var shard in group)
            {
                if (!byIndex.TryGetValue(shard.Index, out var report))
                {
                    // The worker does not know it (message lost, worker restarted): send it again, starting is idempotent.
                    await worker.StartShardAsync(Work(shard)).WaitAsync(StepCallTimeout, cancellationToken);
                }
                else if (report.State == ShardState.Failed)
                {
                    shard.LastError = report.Error;
                    shard.AssignedSilo = null;
                    s.ShardsReassigned++;
                    changed = true;
                    if (shard.Attempts >= options.Value.MaxShardAttempts)
                        throw new TrainingRunException($"Feature shard {shard.Index} failed {shard.Attempts} times; last error: {report.Error}");
                }
            }
        }

        var load = hosts.ToDictionary(h => h, h => s.Shards.Count(x => !x.Done && x.AssignedSilo == h), StringComparer.Ordinal);
        foreach (var shard in s.Shards.Where(x => !x.Done && x.AssignedSilo is null).ToList())
        {
            var free = load.Where(kv => kv.Value < options.Value.MaxShardsPerSilo).OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).FirstOrDefault();
            if (free is null)
                break;
            shard.AssignedSilo = free;
            shard.Attempts++;
            load[free]++;
            changed = true;
            try
            {
                await GrainFactory.GetGrain<ITrainingWorkerGrain>(free).StartShardAsync(Work(shard)).WaitAsync(StepCallTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or SiloBindingException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                shard.AssignedSilo = null;
            }
        }

        if (s.Shards.All(x => x.Done))
        {
            s.BadEntries = await CollectBadEntriesAsync(cancellationToken);
            LogExtracted(_logger, RunId, s.Shards.Count, s.ShardsReassigned, s.BadEntries.Count);
            await EnterAsync(TrainingPhase.TrainHead);
        }
        else if (changed)
        {
            await SaveAsync();
        }
    }

    private static TimeSpan StepCallTimeout => TimeSpan.FromSeconds(10);

    private FeatureShardWork Work(ShardRecord shard) => new()
    {
        RunId = RunId,
        ShardIndex = shard.Index,
        ManifestKey = state.State.ManifestKey!,
        Start = shard.Start,
        Count = shard.Count,
        Dataset = state.State.Request!.Dataset,
        Weights = state.State.Request.Weights,
        ImageSize = state.State.Request.ImageSize,
        OutputKey = RunKeys.Shard(RunId, shard.Index),
    };

    private async Task<List<BadEntry>> CollectBadEntriesAsync(CancellationToken cancellationToken)
    {
        var all = new List<BadEntry>();
        foreach (var shard in state.State.Shards.OrderBy(x => x.Index))
        {
            var bytes = await blobs.GetAsync(RunKeys.ShardSkipped(RunKeys.Shard(RunId, shard.Index)), cancellationToken);
            if (bytes is not null)
                all.AddRange(JsonSerializer.Deserialize<List<BadEntry>>(bytes) ?? []);
        }
        return all;
    }

    /// <summary>One epoch: the core restores the saved state, trains the next epoch, validates and saves it.</summary>
    private async Task TrainEpochAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        var request = s.Request!;
        var epoch = s.History.Count + 1;
        await probe.BeforeEpochAsync(RunId, epoch, SiloName, cancellationToken);
        var session = await SessionAsync(cancellationToken);
        var runStore = new PrefixedBlobStore(blobs, RunKeys.Root(RunId));
        var logger = loggerFactory.CreateLogger<Trainer>();
        var result = await Task.Run(() => session.RunToEpochAsync(epoch, request, runStore, logger, cancellationToken), cancellationToken);
        s.History = result.History.Select(ToSummary).ToList();
        s.BestEpoch = result.BestEpoch;
        s.BestValidationAccuracy = result.History[result.BestEpoch - 1].Validation.Accuracy;
        if (result.BestEpoch == result.History.Count)
        {
            // The model holds the best epoch's weights after the step: write them as the run's best checkpoint now.
            var key = RunKeys.BestCheckpoint(RunId);
            await session.SaveCheckpointAsync(blobs, key, request, s.ManifestSha256!, result.BestEpoch, result.SummaryMetrics(), cancellationToken);
            s.BestCheckpoint = key;
        }
        var last = s.History[^1];
        LogEpoch(_logger, RunId, last.Epoch, request.Epochs, last.TrainLoss, last.ValidationAccuracy, SiloName);
        if (s.History.Count >= request.Epochs)
            await EnterAsync(TrainingPhase.Test);
        else
            await SaveAsync();
    }

    /// <summary>One data-parallel fine-tune piece: a replica sync, one step, or an epoch's close (state, validation, best).</summary>
    private async Task FineTuneStepAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        var epochBefore = s.History.Count;
        if (s.Step == 0)
            await probe.BeforeEpochAsync(RunId, epochBefore + 1, SiloName, cancellationToken);
        else
            await probe.BeforeStepAsync(RunId, epochBefore + 1, s.Step, SiloName, cancellationToken);
        var done = await FineTune.StepAsync(s, await LiveSilosAsync(), cancellationToken);
        if (s.History.Count > epochBefore)
        {
            var last = s.History[^1];
            LogEpoch(_logger, RunId, last.Epoch, s.Request!.Epochs, last.TrainLoss, last.ValidationAccuracy, SiloName);
        }
        if (done)
            await EnterAsync(TrainingPhase.Test);
        else
            await SaveAsync();
    }

    private FineTuneDriver FineTune => _fineTune ??= new FineTuneDriver(GrainFactory, blobs, RunId, options.Value, time);

    private async Task<List<string>> LiveSilosAsync() =>
        (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, CancellationToken.None)).Keys
            .Select(h => h.ToParsableString()).Order(StringComparer.Ordinal).ToList();

    private async Task TestAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        var request = s.Request!;
        if (request.Mode == TrainingModes.FineTune)
        {
            var tested = await FineTune.TestAsync(s, await LiveSilosAsync(), cancellationToken);
            s.TestMetrics = tested.SummaryMetrics();
            LogTested(_logger, RunId, tested.BestEpoch, tested.Test.Metrics.Accuracy, tested.Test.Metrics.RocAuc);
            if (request.Publish)
                await EnterAsync(TrainingPhase.Publish);
            else
                await FinishAsync(TrainingPhase.Completed, null);
            return;
        }
        var session = await SessionAsync(cancellationToken);
        var runStore = new PrefixedBlobStore(blobs, RunKeys.Root(RunId));
        var logger = loggerFactory.CreateLogger<Trainer>();
        // Every epoch is saved already: this trains nothing, it loads the best epoch and scores validation and test.
        var result = await Task.Run(() => session.RunToEpochAsync(request.Epochs, request, runStore, logger, cancellationToken), cancellationToken);
        if (result.EpochsRun != 0 || result.History.Count != request.Epochs)
            throw new TrainingRunException($"The test step found {result.History.Count} epochs saved and trained {result.EpochsRun}; expected exactly {request.Epochs} and none.");
        var metrics = result.SummaryMetrics();
        var key = RunKeys.BestCheckpoint(RunId);
        await session.SaveCheckpointAsync(blobs, key, request, s.ManifestSha256!, result.BestEpoch, metrics, cancellationToken);
        await session.WriteReportAsync(blobs, RunKeys.Artifacts(RunId), RunId, request, result, s.BadEntries, s.ImagesTotal, s.ManifestSha256!, cancellationToken);
        s.TestMetrics = metrics;
        s.BestCheckpoint = key;
        s.BestEpoch = result.BestEpoch;
        LogTested(_logger, RunId, result.BestEpoch, result.Test.Metrics.Accuracy, result.Test.Metrics.RocAuc);
        if (request.Publish)
            await EnterAsync(TrainingPhase.Publish);
        else
            await FinishAsync(TrainingPhase.Completed, null);
    }

    /// <summary>
    /// The best checkpoint becomes the served model on every model grain of every live silo, and the cluster's current
    /// model, so silos that start later serve it too.
    /// </summary>
    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var checkpoint = state.State.BestCheckpoint ?? throw new TrainingRunException("No best checkpoint to publish.");
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, CancellationToken.None);
        // Recorded first (model grains return to the record on every keep-alive); a resumed publish records it again.
        var record = GrainFactory.GetGrain<ICurrentModelGrain>(0);
        var current = await record.GetAsync();
        if (current?.Checkpoint != checkpoint)
            current = await record.SetAsync(checkpoint, null, $"training run {RunId}");
        var loaded = await Task.WhenAll(hosts.Keys.Select(h => GrainFactory.GetGrain<ISiloControlGrain>(SiloKeys.Control(h)).LoadModelAsync(checkpoint).WaitAsync(cancellationToken)));
        await record.SetVersionAsync(current!.Revision, loaded.SelectMany(m => m).Select(m => m.ModelVersion).FirstOrDefault(v => v is not null));
        state.State.Published = true;
        LogPublished(_logger, RunId, checkpoint, hosts.Count);
        await FinishAsync(TrainingPhase.Completed, null);
    }

    private async Task<HeadTrainingSession> SessionAsync(CancellationToken cancellationToken) =>
        _session ??= await HeadTrainingSession.OpenAsync(blobs, RunId, state.State, cancellationToken);

    private async Task EnterAsync(TrainingPhase phase)
    {
        state.State.Phase = phase;
        state.State.PhaseStartedAt = time.GetUtcNow();
        await SaveAsync();
    }

    private async Task SaveAsync()
    {
        state.State.UpdatedAt = time.GetUtcNow();
        state.State.CoordinatorSilo = SiloName;
        await state.WriteStateAsync();
    }

    /// <summary>Final record first, then the clean-up that may fail harmlessly (workers gone, reminder already removed).</summary>
    private async Task FinishAsync(TrainingPhase phase, string? error)
    {
        state.State.Phase = phase;
        state.State.Error = error;
        await SaveAsync();
        _timer?.Dispose();
        _timer = null;
        _session?.Dispose();
        _session = null;
        await GrainFactory.GetGrain<ITrainingRunsGrain>(0).MarkFinalAsync(RunId);
        try
        {
            var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, CancellationToken.None);
            await Task.WhenAll(hosts.Keys.Select(h => GrainFactory.GetGrain<ITrainingWorkerGrain>(SiloKeys.Control(h)).StopRunAsync(RunId))).WaitAsync(StepCallTimeout);
            // A run failed or cancelled mid-step has no next epoch start to sweep its gradient blobs (B6: 0.8 GB a step).
            if (state.State.Request?.Mode == TrainingModes.FineTune)
                await FineTune.SweepGradientBlobsAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is TimeoutException or SiloBindingException or SiloUnavailableException or OrleansMessageRejectionException or IOException or BlobStoreUnavailableException)
        {
            LogCleanupFailed(_logger, ex, RunId);
        }
        await StopReminderAsync();
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private static EpochSummary ToSummary(EpochRecord r) => new()
    {
        Epoch = r.Epoch,
        TrainLoss = r.TrainLoss,
        ValidationLoss = r.ValidationLoss,
        ValidationAccuracy = r.Validation.Accuracy,
        ValidationRocAuc = r.Validation.RocAuc,
        Seconds = r.Seconds,
        IsBest = r.IsBest,
    };

    private TrainingRunStatus Status()
    {
        var s = state.State;
        var shares = s.Shards.Where(x => x.Done && x.DoneBy is not null).GroupBy(x => x.DoneBy!)
            .Select(g => new SiloShare(g.Key, g.Count(), g.Sum(x => x.Count))).OrderBy(x => x.Silo, StringComparer.Ordinal).ToList();
        return new TrainingRunStatus
        {
            RunId = RunId,
            Phase = s.Phase,
            Request = s.Request!,
            Epoch = s.History.Count,
            BestEpoch = s.BestEpoch,
            BestValidationAccuracy = s.BestValidationAccuracy,
            BestCheckpoint = s.BestCheckpoint,
            History = s.History.ToList(),
            ShardsTotal = s.Shards.Count,
            ShardsDone = s.Shards.Count(x => x.Done),
            ShardsReassigned = s.ShardsReassigned,
            SiloShares = shares,
            BadEntries = s.BadEntries.ToList(),
            TestMetrics = new Dictionary<string, double>(s.TestMetrics),
            Error = s.Error,
            CreatedAt = s.CreatedAt,
            UpdatedAt = s.UpdatedAt,
            Eta = Eta(),
            ArtifactsPrefix = RunKeys.Artifacts(RunId),
            CoordinatorSilo = s.CoordinatorSilo,
            Resumes = s.Resumes,
            Published = s.Published,
            ImagesTotal = s.ImagesTotal,
            EpochRestarts = s.EpochRestarts,
        };
    }

    /// <summary>From the pace so far: remaining shards at the extraction rate, remaining epochs at the mean epoch time.</summary>
    private TimeSpan? Eta()
    {
        var s = state.State;
        var epochs = s.Request?.Epochs ?? 0;
        var meanEpoch = s.History.Count > 0 ? s.History.Average(h => h.Seconds) : (double?)null;
        switch (s.Phase)
        {
            case TrainingPhase.Extract:
                var done = s.Shards.Count(x => x.Done);
                if (done == 0)
                    return null;
                var perShard = (time.GetUtcNow() - s.PhaseStartedAt).TotalSeconds / done;
                return TimeSpan.FromSeconds(perShard * (s.Shards.Count - done));
            case TrainingPhase.TrainHead or TrainingPhase.FineTune:
                return meanEpoch is { } m ? TimeSpan.FromSeconds(m * (epochs - s.History.Count)) : null;
            case TrainingPhase.Test or TrainingPhase.Publish:
                return TimeSpan.Zero;
            default:
                return s.IsFinal ? TimeSpan.Zero : null;
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Run {RunId} started: {Dataset}, {Mode}, {Epochs} epochs")]
    private static partial void LogStarted(ILogger logger, string runId, string dataset, string mode, int epochs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Run {RunId} resumed in phase {Phase} after epoch {Epoch} on silo {Silo}")]
    private static partial void LogResumed(ILogger logger, string runId, TrainingPhase phase, int epoch, string silo);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Run {RunId}: split {Images} images into {Shards} feature shards")]
    private static partial void LogSplit(ILogger logger, string runId, int images, int shards);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Run {RunId}: shard {Shard} taken back from silo {Silo}, which left the cluster")]
    private static partial void LogReassigned(ILogger logger, string runId, int shard, string silo);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Run {RunId}: {Shards} shards extracted ({Reassigned} reassigned), {Bad} unusable images")]
    private static partial void LogExtracted(ILogger logger, string runId, int shards, int reassigned, int bad);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Run {RunId}: epoch {Epoch}/{Epochs}, train loss {Loss:F4}, val accuracy {Accuracy:F4} (on {Silo})")]
    private static partial void LogEpoch(ILogger logger, string runId, int epoch, int epochs, double loss, double accuracy, string silo);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Run {RunId}: best epoch {Epoch} on test: accuracy {Accuracy:F4}, ROC-AUC {Auc:F4}")]
    private static partial void LogTested(ILogger logger, string runId, int epoch, double accuracy, double auc);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Run {RunId}: {Checkpoint} published to {Silos} silos")]
    private static partial void LogPublished(ILogger logger, string runId, string checkpoint, int silos);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "Run {RunId} failed in phase {Phase}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId, TrainingPhase phase);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Run {RunId}: step in phase {Phase} failed ({Count} in a row); retrying")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string runId, TrainingPhase phase, int count);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Run {RunId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string runId);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Run {RunId}: could not tell every silo to stop its work")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string runId);
}
