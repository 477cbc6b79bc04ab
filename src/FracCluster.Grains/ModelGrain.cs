using System.Diagnostics;
using System.Security.Cryptography;
using FracCluster.Contracts;
using FracCluster.Grains.Inference;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Models;
using FracCluster.Grains.Options;
using FracCluster.Grains.Placement;
using FracCluster.Grains.Telemetry;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Inference;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;

namespace FracCluster.Grains;

/// <summary>
/// Serves one device of one silo (key "{silo}/{device}"), activated only there and never moved. Reentrant, so up to
/// <see cref="ModelsOptions.PipelineDepth"/> batches overlap: the classifier runs forward passes one at a time on its
/// device thread, and a batch's blob reads, decoding and result writes happen while another batch is on the device
/// (serialised, the device sat idle for all of those). A model swap loads the new checkpoint beside the current one
/// while batches keep running, then switches, and the old model is disposed once the last batch using it has
/// finished. Kept active for the life of the silo: an idle model grain must not drop its loaded model (and /readyz).
/// Urgent batches skip the pipeline limit and ask the device for high priority, so they wait only for the forward pass
/// that is running, not for the routine batches queued here.
/// Heatmaps (<see cref="HeatmapServingOptions"/>) run after the scans they explain are completed, at low priority on
/// the same device: the device thread takes them only when no classification is waiting, and nothing here waits for
/// them before answering a batch. A failed heatmap is logged; the classification it explains is already stored.
/// </summary>
[SiloBoundPlacement, Immovable, Reentrant, CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class ModelGrain(
    ILocalSiloDetails silo,
    IBatchClassifierFactory factory,
    IBlobStore blobs,
    LocalModelRegistry registry,
    FracMetrics metrics,
    IOptions<ModelsOptions> modelsOptions,
    IOptions<BatchingOptions> batchingOptions,
    IOptions<HeatmapServingOptions> heatmapOptions,
    TimeProvider time,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly SemaphoreSlim _pipeline = new(modelsOptions.Value.PipelineDepth, modelsOptions.Value.PipelineDepth);
    // Batches running per classifier, and replaced classifiers waiting for their last batch before being disposed.
    private readonly Dictionary<IBatchClassifier, int> _users = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IBatchClassifier> _retiring = new(ReferenceEqualityComparer.Instance);
    // Heatmaps being computed here, by scan id, so an on-demand request joins one already running.
    private readonly Dictionary<string, Task<ScanHeatmap>> _explaining = new(StringComparer.Ordinal);
    private int _heatmapsPending;
    private string _device = "";
    private IBatchClassifier? _current;
    private string? _checkpoint;
    // The current-model revision this grain has acted on; a newer one in the record makes it load that model.
    private long? _followedRevision;
    private int _inFlight;
    private int _inFlightUrgent;
    private double? _fullBatchMs;
    private long _served;
    private DateTimeOffset? _loadedAt;
    private string? _error;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!SiloKeys.SiloOf(key).Equals(silo.SiloAddress))
            throw new SiloBindingException($"Model grain '{key}' belongs to another silo; this is {silo.SiloAddress}.");
        _device = SiloKeys.DeviceOf(key);
        if (!registry.Devices.Contains(_device))
            throw new ArgumentException($"Device '{_device}' is not configured on silo {silo.SiloAddress} ({string.Join(", ", registry.Devices)}).");
        Report();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Only a silo shutdown should end a model grain (AlwaysActive); anything else is worth a line in the log, and
        // ModelGrainStarter activates it again.
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
            LogDeactivated(logger, this.GetPrimaryKeyString(), reason.ReasonCode.ToString(), reason.Description);
        _current?.Dispose();
        foreach (var retiring in _retiring)
            retiring.Dispose();
        _retiring.Clear();
        _current = null;
        registry.Report(Status() with { Ready = false });
        return Task.CompletedTask;
    }

    public async Task<ModelStatus> EnsureLoadedAsync()
    {
        try
        {
            var desired = await GrainFactory.GetGrain<ICurrentModelGrain>(0).GetAsync();
            if (desired is not null && (desired.Revision != _followedRevision || _current is null || !IsServing(desired.Checkpoint)))
            {
                // The cluster's approved model moved, this grain is new, or it was switched behind the record's back:
                // serve the approved one, whatever this silo's own configuration says, so every silo serves it.
                // Marked before loading, so the status the load reports names the revision; a failed load is retried
                // all the same, because the grain is then not serving the record's checkpoint.
                if (_followedRevision != desired.Revision)
                    LogFollowed(logger, this.GetPrimaryKeyString(), desired.Revision, desired.Checkpoint);
                _followedRevision = desired.Revision;
                if (_current is null || !IsServing(desired.Checkpoint))
                    await LoadAsync(desired.Checkpoint, onlyIfEmpty: false, skipIfServing: true);
                Report();
            }
            else if (_current is null)
            {
                await LoadAsync(desired?.Checkpoint ?? modelsOptions.Value.Checkpoint, onlyIfEmpty: true);
            }
        }
        catch (ModelNotConfiguredException ex)
        {
            // Not a failure to retry: the grain stays not-ready until a checkpoint is loaded through the API.
            _error = ex.Message;
            Report();
        }
        return Status();
    }

    public async Task<ModelStatus> LoadModelAsync(string checkpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint);
        await LoadAsync(checkpoint, onlyIfEmpty: false);
        return Status();
    }

    public Task<ModelStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<BatchOutcome> ClassifyAsync(ScanBatch batch)
    {
        var urgent = batch.IsUrgent;
        _inFlight += batch.Scans.Count;
        if (urgent)
            _inFlightUrgent += batch.Scans.Count;
        metrics.AtModel(batch.Scans.Count);
        Report();
        // The pipeline limit bounds how many routine batches decode at once; an urgent batch must not queue behind them.
        if (!urgent)
            await _pipeline.WaitAsync();
        IBatchClassifier? classifier = null;
        try
        {
            if (_current is null)
                await EnsureLoadedAsync();
            classifier = _current ?? throw new ModelNotConfiguredException();
            _users[classifier] = _users.GetValueOrDefault(classifier) + 1;
            return await ServeAsync(batch, classifier);
        }
        finally
        {
            if (!urgent)
                _pipeline.Release();
            else
                _inFlightUrgent -= batch.Scans.Count;
            _inFlight -= batch.Scans.Count;
            metrics.AtModel(-batch.Scans.Count);
            if (classifier is not null)
                Release(classifier);
            Report();
        }
    }

    private void Release(IBatchClassifier classifier)
    {
        var users = _users[classifier] - 1;
        if (users > 0)
        {
            _users[classifier] = users;
            return;
        }
        _users.Remove(classifier);
        if (_retiring.Remove(classifier))
            classifier.Dispose();
    }

    private async Task<BatchOutcome> ServeAsync(ScanBatch batch, IBatchClassifier classifier)
    {
        var token = CancellationToken.None;
        using var batchActivity = FracTracing.StartBatch(batch, _device);
        var batchStarted = time.GetUtcNow();
        var served = $"{silo.SiloAddress.ToParsableString()}/{_device}";
        var version = classifier.Model.VersionLabel;
        var results = new ScanResult?[batch.Scans.Count];

        // A deadline that passed while the batch travelled here: expire rather than spend the device on it.
        var now = time.GetUtcNow();
        for (var i = 0; i < batch.Scans.Count; i++)
        {
            var scan = batch.Scans[i];
            if (scan.Deadline is { } deadline && deadline <= now)
                results[i] = Final(scan, ScanStatus.Expired, served, version, batch.Scans.Count, now) with { Reason = "DeadlineExceeded", Message = "The deadline passed before a model could start on the scan." };
        }

        var images = await Task.WhenAll(batch.Scans.Select((s, i) => results[i] is null ? blobs.GetAsync(s.BlobRef, token) : Task.FromResult<byte[]?>(null)));
        var toRun = new List<int>(batch.Scans.Count);
        for (var i = 0; i < batch.Scans.Count; i++)
        {
            if (results[i] is not null)
                continue;
            var scan = batch.Scans[i];
            if (images[i] is not { } bytes)
                results[i] = Final(scan, ScanStatus.Rejected, served, version, batch.Scans.Count, now) with { Reason = "BlobMissing", Message = $"The image blob '{scan.BlobRef}' is gone." };
            else if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), scan.Sha256, StringComparison.Ordinal))
                results[i] = Final(scan, ScanStatus.Rejected, served, version, batch.Scans.Count, now) with { Reason = "ChecksumMismatch", Message = "The stored image does not match the SHA-256 taken when it was accepted." };
            else
                toRun.Add(i);
        }

        var computeMs = 0.0;
        if (toRun.Count > 0)
        {
            var started = time.GetUtcNow();
            var stopwatch = Stopwatch.StartNew();
            var priority = batch.IsUrgent ? WorkPriority.High : WorkPriority.Normal;
            var outputs = await classifier.ClassifyAsync(toRun.Select(i => (ReadOnlyMemory<byte>)images[i]!).ToList(), priority, token);
            computeMs = stopwatch.Elapsed.TotalMilliseconds;
            var forwardMs = outputs.FirstOrDefault(o => o.ComputeMilliseconds > 0)?.ComputeMilliseconds;
            ObserveForwardPass(forwardMs ?? computeMs, toRun.Count);
            var finished = time.GetUtcNow();
            for (var j = 0; j < toRun.Count; j++)
            {
                var i = toRun[j];
                var scan = batch.Scans[i];
                var output = outputs[j];
                var queueMs = Math.Max(0, (started - scan.ReceivedAt).TotalMilliseconds);
                metrics.QueueWait(_device, scan.Priority == ScanPriority.Urgent, queueMs);
                var batchCompute = output.ComputeMilliseconds > 0 ? output.ComputeMilliseconds : computeMs;
                results[i] = output.Rejected
                    ? Final(scan, ScanStatus.Rejected, served, version, batch.Scans.Count, finished) with
                    {
                        Reason = output.RejectionReason ?? "Corrupt",
                        Message = output.RejectionMessage,
                        QueueMilliseconds = queueMs,
                    }
                    : Final(scan, ScanStatus.Completed, served, version, batch.Scans.Count, finished) with
                    {
                        ProbabilityFractured = output.ProbabilityFractured,
                        Label = output.Label,
                        QueueMilliseconds = queueMs,
                        ComputeMilliseconds = batchCompute,
                    };
            }
        }

        var final = results.Select(r => r!).ToList();
        await Task.WhenAll(final.Select((r, i) => CompleteTracedAsync(r, batch.Scans[i], batchStarted, batch.BatchId)));

        var completed = final.Count(r => r.Status == ScanStatus.Completed);
        var rejected = final.Count(r => r.Status == ScanStatus.Rejected);
        var expired = final.Count(r => r.Status == ScanStatus.Expired);
        foreach (var r in final.Where(r => r.Status == ScanStatus.Rejected))
            metrics.Rejected(r.Reason ?? "Unknown");
        if (expired > 0)
            metrics.Expired(expired);
        metrics.BatchServed(_device, batch.Scans.Count, completed, computeMs);
        _served += final.Count;
        ExplainAfterClassification(batch, final, images, classifier);
        LogBatchServed(logger, batch.BatchId, batch.Scans.Count, completed, rejected, expired, computeMs);
        return new BatchOutcome { BatchId = batch.BatchId, Completed = completed, Rejected = rejected, Expired = expired, ModelVersion = version, ComputeMilliseconds = computeMs };
    }

    public async Task<ScanHeatmap> ExplainScanAsync(string scanId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scanId);
        if (_explaining.TryGetValue(scanId, out var running))
            return await running;
        var record = GrainFactory.GetGrain<IScanResultGrain>(scanId);
        var result = await record.GetAsync();
        var arrival = await record.GetArrivalAsync();
        if (result is null || arrival is null)
            return new ScanHeatmap { Status = ScanHeatmapStatus.UnknownScan };
        if (!result.IsFinal)
            return new ScanHeatmap { Status = ScanHeatmapStatus.NotCompleted, Message = "The scan is not classified yet; ask again once it is completed." };
        if (result.Status != ScanStatus.Completed)
            return new ScanHeatmap { Status = ScanHeatmapStatus.NotClassified, Message = $"The scan was {result.Status} ({result.Reason}): no model read its image." };

        if (_current is null)
            await EnsureLoadedAsync();
        var classifier = _current ?? throw new ModelNotConfiguredException();
        if (classifier is not IHeatmapRenderer renderer)
            return new ScanHeatmap { Status = ScanHeatmapStatus.NotExplainable, Message = $"Model {classifier.Model.VersionLabel} gives no heatmaps." };
        var bytes = await blobs.GetAsync(arrival.BlobRef);
        if (bytes is null || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), arrival.Sha256, StringComparison.Ordinal))
            return new ScanHeatmap { Status = ScanHeatmapStatus.ImageUnavailable, Message = "The scan's image is no longer in the blob store as it was accepted." };
        // Another request may have started it while this one read the record and the image.
        if (_explaining.TryGetValue(scanId, out running))
            return await running;

        _users[classifier] = _users.GetValueOrDefault(classifier) + 1;
        var work = ExplainAndStoreAsync(renderer, [(arrival, bytes)], heatmapOptions.Value.Method);
        var mine = ItemAsync(work, 0);
        _explaining[scanId] = mine;
        try
        {
            return await mine;
        }
        finally
        {
            Forget(scanId, mine);
            Release(classifier);
        }
    }

    /// <summary>
    /// Starts the heatmaps of this batch's completed scans at or above the threshold and returns at once: the batch's
    /// results are already stored and published, and its caller must not wait for explanations.
    /// </summary>
    private void ExplainAfterClassification(ScanBatch batch, IReadOnlyList<ScanResult> final, byte[]?[] images, IBatchClassifier classifier)
    {
        var options = heatmapOptions.Value;
        if (!options.Enabled || classifier is not IHeatmapRenderer renderer)
            return;
        var chosen = new List<(ScanArrived Scan, byte[] Image)>();
        for (var i = 0; i < final.Count; i++)
        {
            if (final[i] is not { Status: ScanStatus.Completed, ProbabilityFractured: { } p } || p < options.ProbabilityThreshold)
                continue;
            if (images[i] is not { } bytes || _explaining.ContainsKey(final[i].ScanId))
                continue;
            if (_heatmapsPending + chosen.Count >= options.MaxPending)
            {
                LogHeatmapsBehind(logger, this.GetPrimaryKeyString(), batch.BatchId, _heatmapsPending);
                break;
            }
            chosen.Add((batch.Scans[i], bytes));
        }
        if (chosen.Count == 0)
            return;

        // The heatmaps hold the model as a batch does, so a model swap disposes it only after they are done.
        _users[classifier] = _users.GetValueOrDefault(classifier) + 1;
        _heatmapsPending += chosen.Count;
        var work = ExplainAndStoreAsync(renderer, chosen, options.Method);
        var items = new Task<ScanHeatmap>[chosen.Count];
        for (var k = 0; k < chosen.Count; k++)
        {
            items[k] = ItemAsync(work, k);
            _explaining[chosen[k].Scan.ScanId] = items[k];
        }
        _ = FinishExplainingAsync(work, chosen, items, classifier, batch.BatchId);
    }

    private async Task FinishExplainingAsync(Task<IReadOnlyList<ScanHeatmap>> work, List<(ScanArrived Scan, byte[] Image)> chosen, Task<ScanHeatmap>[] items, IBatchClassifier classifier, string batchId)
    {
        try
        {
            await work;
        }
        catch (Exception ex)
        {
            LogHeatmapsFailed(logger, ex, batchId, chosen.Count);
        }
        finally
        {
            _heatmapsPending -= chosen.Count;
            for (var k = 0; k < chosen.Count; k++)
                Forget(chosen[k].Scan.ScanId, items[k]);
            Release(classifier);
        }
    }

    /// <summary>One pass for all the images; then each overlay is stored beside its image and its box added to its result.</summary>
    private async Task<IReadOnlyList<ScanHeatmap>> ExplainAndStoreAsync(IHeatmapRenderer renderer, IReadOnlyList<(ScanArrived Scan, byte[] Image)> scans, CamMethod method)
    {
        var stopwatch = Stopwatch.StartNew();
        var rendered = await renderer.RenderHeatmapsAsync([.. scans.Select(s => (ReadOnlyMemory<byte>)s.Image)], new HeatmapOptions { Method = method }, WorkPriority.Low, CancellationToken.None);
        var outcomes = new ScanHeatmap[scans.Count];
        for (var k = 0; k < scans.Count; k++)
        {
            var scan = scans[k].Scan;
            if (rendered[k] is not { } heatmap)
            {
                outcomes[k] = new ScanHeatmap { Status = ScanHeatmapStatus.NotExplainable, Message = "The model could not read the image for a heatmap." };
                continue;
            }
            var key = ScanIds.HeatmapKey(scan.BlobRef);
            var box = heatmap.Box is { } b
                ? new HeatmapBox { X = b.X, Y = b.Y, Width = b.Width, Height = b.Height, Method = heatmap.Method.ToString(), ModelVersion = heatmap.ModelVersion }
                : null;
            await blobs.PutAsync(key, heatmap.Png);
            await GrainFactory.GetGrain<IScanResultGrain>(scan.ScanId).AttachHeatmapAsync(box);
            outcomes[k] = new ScanHeatmap { Status = ScanHeatmapStatus.Stored, BlobKey = key, Box = box };
        }
        LogHeatmapsStored(logger, this.GetPrimaryKeyString(), scans.Count, stopwatch.Elapsed.TotalMilliseconds);
        return outcomes;
    }

    private static async Task<ScanHeatmap> ItemAsync(Task<IReadOnlyList<ScanHeatmap>> all, int index) => (await all)[index];

    private void Forget(string scanId, Task<ScanHeatmap> task)
    {
        if (_explaining.TryGetValue(scanId, out var current) && ReferenceEquals(current, task))
            _explaining.Remove(scanId);
    }

    /// <summary>Stores one result inside a span of the scan's own trace (started when its batch started).</summary>
    private async Task CompleteTracedAsync(ScanResult result, ScanArrived scan, DateTimeOffset batchStarted, string batchId)
    {
        using var activity = FracTracing.StartServe(scan, batchStarted, batchId, _device);
        activity?.SetTag("fraccluster.scan.status", result.Status.ToString());
        await GrainFactory.GetGrain<IScanResultGrain>(result.ScanId).CompleteAsync(result);
    }

    /// <summary>
    /// Keeps a moving average of the time a full batch takes on this device, for deadline estimates. A pass over fewer
    /// than half a batch is left out: scaled up, it would overstate the time (a forward pass does not cost per image).
    /// </summary>
    private void ObserveForwardPass(double milliseconds, int images)
    {
        var max = batchingOptions.Value.MaxBatchSize;
        if (images <= 0 || milliseconds <= 0 || images * 2 < max)
            return;
        var full = milliseconds * max / images;
        _fullBatchMs = _fullBatchMs is { } previous ? (0.8 * previous) + (0.2 * full) : full;
    }

    private static ScanResult Final(ScanArrived scan, ScanStatus status, string servedBy, string version, int batchSize, DateTimeOffset at) => new()
    {
        ScanId = scan.ScanId,
        ScannerId = scan.ScannerId,
        Priority = scan.Priority,
        Status = status,
        ModelVersion = version,
        ReceivedAt = scan.ReceivedAt,
        CompletedAt = at,
        ServedBy = servedBy,
        BatchSize = batchSize,
    };

    private bool IsServing(string checkpoint) => _current is not null && string.Equals(_checkpoint, checkpoint, StringComparison.Ordinal);

    private async Task LoadAsync(string? checkpoint, bool onlyIfEmpty, bool skipIfServing = false)
    {
        await _loadGate.WaitAsync();
        try
        {
            if (onlyIfEmpty && _current is not null)
                return;
            // A keep-alive and an operator's load of the same checkpoint can meet here; one load is enough.
            if (skipIfServing && checkpoint is not null && IsServing(checkpoint))
                return;
            LogLoading(logger, this.GetPrimaryKeyString(), checkpoint ?? "(default)");
            IBatchClassifier loaded;
            try
            {
                loaded = await factory.CreateAsync(checkpoint, _device, CancellationToken.None);
                if (modelsOptions.Value.WarmUp)
                    await WarmUpAsync(loaded);
            }
            catch (Exception ex)
            {
                _error = $"{ex.GetType().Name}: {ex.Message}";
                Report();
                throw;
            }

            var previous = _current;
            _current = loaded;
            _checkpoint = checkpoint;
            _loadedAt = time.GetUtcNow();
            _error = null;
            if (previous is not null)
            {
                // Batches running now hold the old model; it is disposed when the last of them ends.
                if (_users.ContainsKey(previous))
                    _retiring.Add(previous);
                else
                    previous.Dispose();
            }
            Report();
            LogLoaded(logger, this.GetPrimaryKeyString(), loaded.Model.VersionLabel);
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task WarmUpAsync(IBatchClassifier classifier)
    {
        var size = batchingOptions.Value.MaxBatchSize;
        var stopwatch = Stopwatch.StartNew();
        var outputs = await classifier.ClassifyAsync(WarmUpImages.Batch(size));
        if (outputs.FirstOrDefault(o => o.Rejected) is { } rejected)
            throw new InvalidOperationException($"The warm-up batch was rejected by the model on {_device}: {rejected.RejectionReason} {rejected.RejectionMessage}");
        // The first pass of a fresh model is its slowest (allocations, lazy initialisation): a cautious first estimate
        // that real batches then replace.
        if (_fullBatchMs is null)
            ObserveForwardPass(outputs.FirstOrDefault(o => o.ComputeMilliseconds > 0)?.ComputeMilliseconds ?? stopwatch.Elapsed.TotalMilliseconds, size);
    }

    private ModelStatus Status() => new()
    {
        Key = this.GetPrimaryKeyString(),
        Silo = silo.SiloAddress.ToParsableString(),
        Device = _device,
        Ready = _current is not null,
        ModelVersion = _current?.Model.VersionLabel,
        Checkpoint = _checkpoint,
        FollowedRevision = _followedRevision,
        InFlightImages = _inFlight,
        InFlightUrgentImages = _inFlightUrgent,
        FullBatchMilliseconds = _fullBatchMs,
        ImagesServed = _served,
        LoadedAt = _loadedAt,
        Error = _error,
    };

    private void Report() => registry.Report(Status());

    [LoggerMessage(EventId = 3110, Level = LogLevel.Debug, Message = "Model grain {ModelKey} stored {Count} heatmaps in {Milliseconds:F0} ms")]
    private static partial void LogHeatmapsStored(ILogger logger, string modelKey, int count, double milliseconds);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Heatmaps for {Count} scans of batch {BatchId} failed; their classifications stand, and GET /v1/scans/{{id}}/heatmap computes them again on demand")]
    private static partial void LogHeatmapsFailed(ILogger logger, Exception exception, string batchId, int count);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "Model grain {ModelKey}: {Pending} scans already wait for a heatmap; the rest of batch {BatchId} is left to on-demand heatmaps")]
    private static partial void LogHeatmapsBehind(ILogger logger, string modelKey, string batchId, int pending);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Model grain {ModelKey} deactivated while its silo runs ({ReasonCode}: {Description}); its model is released until it is activated again")]
    private static partial void LogDeactivated(ILogger logger, string modelKey, string reasonCode, string description);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Model grain {ModelKey} follows current model revision {Revision}: {Checkpoint}")]
    private static partial void LogFollowed(ILogger logger, string modelKey, long revision, string checkpoint);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Model grain {ModelKey} loading checkpoint {Checkpoint}")]
    private static partial void LogLoading(ILogger logger, string modelKey, string checkpoint);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Model grain {ModelKey} now serves {ModelVersion}")]
    private static partial void LogLoaded(ILogger logger, string modelKey, string modelVersion);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "Batch {BatchId}: {Size} scans, {Completed} completed, {Rejected} rejected, {Expired} expired, {ComputeMs:F1} ms")]
    private static partial void LogBatchServed(ILogger logger, string batchId, int size, int completed, int rejected, int expired, double computeMs);
}
