using System.Diagnostics;
using FracCluster.Imaging;
using FracCluster.Imaging.Heatmaps;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Models;
using FracCluster.Ml.Torch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Inference;

/// <summary>
/// Serves one model version on one device. Images are decoded and preprocessed in parallel on the CPU into one pooled
/// buffer; the forward pass runs on the device's <see cref="DeviceThread"/> under <c>inference_mode</c> inside a dispose
/// scope, so every tensor of a batch is freed when the batch ends. While one batch is on the device the next one is
/// being decoded.
/// </summary>
/// <remarks>
/// The engine owns the model and disposes it. <see cref="Dispose"/> never blocks and never cuts a call short: calls
/// already started finish on this model, later calls get <see cref="ObjectDisposedException"/>, and the model is
/// freed when the last call ends (<see cref="Released"/> completes then). That is what makes swapping versions safe;
/// see <see cref="SwappableClassifier"/>.
/// </remarks>
public sealed partial class InferenceEngine : IBatchClassifier, IHeatmapRenderer
{
    private readonly FeatureClassifier _model;
    private readonly DeviceThread _deviceThread;
    private readonly bool _ownsDeviceThread;
    private readonly Device _device;
    private readonly BatchDecoder _decoder;
    private readonly HeatmapOverlay _overlay;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // 1 for the engine itself (dropped by Dispose) plus 1 per call in progress; resources go when it reaches 0.
    private int _references = 1;
    private int _disposeRequested;
    private bool _warm;

    /// <param name="model">
    /// Taken over: moved to the device, put in eval mode, optimised for inference (<see cref="InferenceOptions.FoldBatchNorm"/>;
    /// its weights then no longer match the checkpoint), disposed with the engine (if the constructor throws, the caller
    /// still owns it).
    /// </param>
    /// <param name="metadata">The checkpoint's metadata: class names, positive class and preprocessing.</param>
    /// <param name="deviceThread">
    /// A device thread to share with other engines on the same device (e.g. old and new model versions), not disposed
    /// by this engine; null to start one of its own.
    /// </param>
    public InferenceEngine(
        FeatureClassifier model,
        CheckpointMetadata metadata,
        InferenceOptions options,
        ILoggerFactory? loggerFactory = null,
        DeviceThread? deviceThread = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        if (metadata.ClassNames.Count != model.NumClasses)
            throw new ArgumentException($"The checkpoint metadata names {metadata.ClassNames.Count} classes ({string.Join(", ", metadata.ClassNames)}) but the model has {model.NumClasses} outputs.", nameof(metadata));
        if (metadata.PositiveClass < 0 || metadata.PositiveClass >= metadata.ClassNames.Count)
            throw new ArgumentException($"The checkpoint metadata's positive class {metadata.PositiveClass} is not an index into its {metadata.ClassNames.Count} class names.", nameof(metadata));

        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<InferenceEngine>();
        _maxBatchSize = options.MaxBatchSize;
        _device = TorchRuntime.ParseDevice(options.Device);
        TorchRuntime.ConfigureThreads(options.Threads);
        Model = metadata;
        Device = _device.ToString();
        var pipeline = new ImagePipeline(options.Limits, metadata.Preprocess);
        _decoder = new BatchDecoder(pipeline, options.EffectiveDecodeParallelism);
        _overlay = new HeatmapOverlay(pipeline);

        _model = model;
        _model.to(_device);
        _model.eval();
        // The engine owns the model and never trains or saves it, so it can be rewritten for serving in place.
        _model.OptimiseForInference(options.Optimisations);

        _ownsDeviceThread = deviceThread is null;
        _deviceThread = deviceThread ?? new DeviceThread(Device, options.QueueCapacity, loggerFactory.CreateLogger<DeviceThread>());
        LogStarted(Model.VersionLabel, Device, torch.get_num_threads(), options.MaxBatchSize);
    }

    /// <summary>
    /// Loads a checkpoint (X, X.safetensors or X.json; weights hash verified) and serves it. Throws
    /// <see cref="CheckpointException"/> subtypes naming what is wrong with the checkpoint.
    /// </summary>
    public static InferenceEngine Load(string checkpointPath, InferenceOptions options, ILoggerFactory? loggerFactory = null, DeviceThread? deviceThread = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        // Loaded on the CPU; the constructor moves it to the configured device.
        var loaded = ModelCheckpoint.Load(checkpointPath);
        try
        {
            return new InferenceEngine(loaded.Model, loaded.Metadata, options, loggerFactory, deviceThread);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    public CheckpointMetadata Model { get; }

    public string Device { get; }

    /// <summary>The thread that runs this engine's forward passes.</summary>
    public DeviceThread DeviceThread => _deviceThread;

    /// <summary>True when the model exposes convolutional feature maps, so <see cref="ExplainAsync"/> works.</summary>
    public bool SupportsHeatmaps => _model.HasFeatureMaps;

    /// <summary>True once <see cref="WarmUpAsync"/> has run.</summary>
    public bool IsWarm => Volatile.Read(ref _warm);

    /// <summary>Completes when the model (and an owned device thread) have been freed, after disposal and the last call.</summary>
    public Task Released => _released.Task;

    /// <summary>
    /// Classifies images in input order. More than <see cref="InferenceOptions.MaxBatchSize"/> images are split into
    /// several forward passes. Unreadable images come back rejected; the rest are unaffected.
    /// </summary>
    public Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default) =>
        ClassifyAsync(images, WorkPriority.Normal, cancellationToken);

    /// <summary>
    /// As <see cref="ClassifyAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>; high priority puts each
    /// forward pass ahead of normal passes still waiting for the device (decoding is not reordered: it runs at once).
    /// </summary>
    public async Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, WorkPriority priority, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        Enter();
        try
        {
            if (images.Count == 0)
                return [];
            var results = new ImageClassification[images.Count];
            var batchSize = _maxBatchSize;
            // The next batch is decoded while this one is on the device; `unawaited` tracks a decode nobody awaited yet
            // so its buffer goes back to the pool if this call fails part-way.
            var current = PrepareAsync(images, 0, Math.Min(batchSize, images.Count), cancellationToken);
            Task<PreparedBatch>? unawaited = current;
            try
            {
                for (var start = 0; start < images.Count; start += batchSize)
                {
                    var batch = await current;
                    unawaited = null;
                    var nextStart = start + batchSize;
                    if (nextStart < images.Count)
                        unawaited = current = PrepareAsync(images, nextStart, Math.Min(batchSize, images.Count - nextStart), cancellationToken);
                    await RunAsync(batch, results, start, priority, cancellationToken);
                }
            }
            finally
            {
                if (unawaited is not null)
                    await DiscardAsync(unawaited);
            }
            return results;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Classifies images and computes where the model looked (<see cref="HeatmapOptions"/>; the positive class by
    /// default), in input order, in passes of up to <see cref="InferenceOptions.MaxBatchSize"/>. Runs at
    /// <paramref name="priority"/> on the device thread: <see cref="WorkPriority.Low"/> (the default) lets every
    /// classification waiting for the device go first. Unreadable images come back rejected, without a heatmap.
    /// Throws <see cref="NotSupportedException"/> for a model without convolutional feature maps.
    /// </summary>
    public async Task<IReadOnlyList<ImageHeatmap>> ExplainAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> images,
        HeatmapOptions? options = null,
        WorkPriority priority = WorkPriority.Low,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new HeatmapOptions();
        options.Validate(Model.ClassNames.Count);
        if (!_model.HasFeatureMaps)
            throw new NotSupportedException($"Model {Model.VersionLabel} ({_model.GetName()}) does not expose convolutional feature maps, so it cannot give heatmaps.");
        Enter();
        try
        {
            var results = new ImageHeatmap[images.Count];
            for (var start = 0; start < images.Count; start += _maxBatchSize)
            {
                var count = Math.Min(_maxBatchSize, images.Count - start);
                var batch = await PrepareAsync(images, start, count, cancellationToken);
                CamBatch cams = default;
                try
                {
                    if (batch.AcceptedCount > 0)
                        cams = await _deviceThread.InvokeAsync(() => Explain(batch, options), priority, cancellationToken);
                }
                finally
                {
                    batch.ReturnBuffer();
                }
                Collect(batch, cams, options, results, start);
                LogHeatmaps(Model.VersionLabel, Device, batch.AcceptedCount, cams.Milliseconds);
            }
            return results;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// <see cref="ExplainAsync"/>, then each heatmap drawn over its source as a PNG (<see cref="HeatmapOverlay"/>) with
    /// the top region boxed. The overlays are rendered on the thread pool, not on the device thread: decoding a
    /// full-size radiograph again must not hold the device.
    /// </summary>
    public async Task<IReadOnlyList<RenderedHeatmap?>> RenderHeatmapsAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> images,
        HeatmapOptions options,
        WorkPriority priority = WorkPriority.Low,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var explained = await ExplainAsync(images, options, priority, cancellationToken);
        return await Task.Run(() =>
        {
            var rendered = new RenderedHeatmap?[explained.Count];
            for (var i = 0; i < explained.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = explained[i];
                if (result.InputHeatmap is not { } heatmap || result.Geometry is not { } geometry)
                    continue;
                rendered[i] = new RenderedHeatmap
                {
                    Png = _overlay.RenderPng(images[i].Span, heatmap, result.SourceBox),
                    Width = geometry.SourceWidth,
                    Height = geometry.SourceHeight,
                    Box = result.SourceBox,
                    Method = options.Method,
                    ModelVersion = Model.VersionLabel,
                    ProbabilityFractured = result.Classification.ProbabilityFractured,
                    HeatmapMilliseconds = result.HeatmapMilliseconds,
                };
            }
            return (IReadOnlyList<RenderedHeatmap?>)rendered;
        }, cancellationToken);
    }

    /// <summary>Runs one forward pass of <see cref="InferenceOptions.MaxBatchSize"/> blank images so the first real batch is not slow.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        Enter();
        try
        {
            var n = _maxBatchSize;
            var size = _decoder.ImageSize;
            var milliseconds = await _deviceThread.InvokeAsync(() =>
            {
                using var mode = inference_mode();
                using var scope = NewDisposeScope();
                var started = Stopwatch.GetTimestamp();
                var input = zeros(n, 3, size, size, device: _device);
                // Reading the result back waits for asynchronous (CUDA) work to finish.
                _model.forward(input).cpu();
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }, cancellationToken);
            Volatile.Write(ref _warm, true);
            LogWarmedUp(Model.VersionLabel, Device, n, milliseconds);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Tensors alive on this engine's device thread; constant between batches when nothing leaks.</summary>
    public Task<long> CountLiveTensorsAsync(CancellationToken cancellationToken = default) =>
        _deviceThread.CountLiveTensorsAsync(cancellationToken);

    /// <summary>Stops taking calls; the model is freed once calls in progress have finished (see <see cref="Released"/>).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeRequested, 1) == 0)
            Exit();
    }

    /// <summary>Takes a reference for one call; false once the engine is disposed.</summary>
    internal bool TryEnter()
    {
        if (Volatile.Read(ref _disposeRequested) != 0)
            return false;
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (previous == seen)
                return true;
            seen = previous;
        }
        return false;
    }

    internal void Exit()
    {
        if (Interlocked.Decrement(ref _references) == 0)
            ReleaseResources();
    }

    private void Enter()
    {
        if (!TryEnter())
            throw new ObjectDisposedException(nameof(InferenceEngine), $"The inference engine for model {Model.VersionLabel} on {Device} has been disposed.");
    }

    private Task<PreparedBatch> PrepareAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, int start, int count, CancellationToken cancellationToken) =>
        // Off the caller's thread: an Orleans grain or UI thread must not be held by a CPU-bound parallel decode.
        Task.Run(() => _decoder.Decode(images, start, count, cancellationToken), cancellationToken);

    private async Task RunAsync(PreparedBatch batch, ImageClassification[] results, int offset, WorkPriority priority, CancellationToken cancellationToken)
    {
        ForwardPassResult forward = default;
        if (batch.AcceptedCount > 0)
        {
            try
            {
                forward = await _deviceThread.InvokeAsync(() => Forward(batch), priority, cancellationToken);
            }
            finally
            {
                // Forward returns the buffer itself; this covers work cancelled before it started.
                batch.ReturnBuffer();
            }
        }
        else
        {
            batch.ReturnBuffer();
        }

        var classes = Model.ClassNames.Count;
        for (var k = 0; k < batch.AcceptedCount; k++)
        {
            var i = batch.AcceptedIndices[k];
            var row = forward.Probabilities.AsSpan(k * classes, classes);
            results[offset + i] = new ImageClassification
            {
                Rejected = false,
                ProbabilityFractured = row[Model.PositiveClass],
                Label = Model.ClassNames[ArgMax(row)],
                DecodeMilliseconds = batch.DecodeMilliseconds[i],
                ComputeMilliseconds = forward.Milliseconds,
                ForwardBatchSize = batch.AcceptedCount,
                ModelVersion = Model.VersionLabel,
            };
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.Rejections[i] is { } rejected)
            {
                results[offset + i] = rejected;
                LogRejected(offset + i, rejected.RejectionReason!, rejected.RejectionMessage!);
            }
        }
        LogBatch(Model.VersionLabel, Device, batch.Count, batch.Count - batch.AcceptedCount, forward.Milliseconds);
    }

    // Runs on the device thread.
    private ForwardPassResult Forward(PreparedBatch batch)
    {
        try
        {
            using var mode = inference_mode();
            using var scope = NewDisposeScope();
            var started = Stopwatch.GetTimestamp();
            var n = batch.AcceptedCount;
            var size = _decoder.ImageSize;
            // frombuffer shares the pooled array's memory: no copy on the CPU. The scope frees the tensor (and unpins the
            // array) before the finally below hands the array back to the pool.
            var input = frombuffer(batch.Buffer, ScalarType.Float32, count: (long)n * batch.TensorLength).view(n, 3, size, size);
            if (_device.type != DeviceType.CPU)
                input = input.to(_device);
            var probabilities = softmax(_model.forward(input), 1).cpu();
            var values = probabilities.data<float>().ToArray();
            return new ForwardPassResult(values, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            batch.ReturnBuffer();
        }
    }

    // Runs on the device thread.
    private CamBatch Explain(PreparedBatch batch, HeatmapOptions options)
    {
        try
        {
            using var scope = NewDisposeScope();
            var n = batch.AcceptedCount;
            var size = _decoder.ImageSize;
            var input = frombuffer(batch.Buffer, ScalarType.Float32, count: (long)n * batch.TensorLength).view(n, 3, size, size);
            if (_device.type != DeviceType.CPU)
                input = input.to(_device);
            return GradCam.Compute(_model, input, options.TargetClass ?? Model.PositiveClass, options.Method);
        }
        finally
        {
            batch.ReturnBuffer();
        }
    }

    private void Collect(PreparedBatch batch, CamBatch cams, HeatmapOptions options, ImageHeatmap[] results, int offset)
    {
        var classes = Model.ClassNames.Count;
        var plane = cams.Size * cams.Size;
        for (var k = 0; k < batch.AcceptedCount; k++)
        {
            var i = batch.AcceptedIndices[k];
            var row = cams.Probabilities.AsSpan(k * classes, classes);
            var heatmap = new Heatmap(cams.Size, cams.Size, cams.Heatmaps.AsSpan(k * plane, plane));
            var geometry = batch.Geometries[i]!;
            results[offset + i] = new ImageHeatmap
            {
                Classification = new ImageClassification
                {
                    Rejected = false,
                    ProbabilityFractured = row[Model.PositiveClass],
                    Label = Model.ClassNames[ArgMax(row)],
                    DecodeMilliseconds = batch.DecodeMilliseconds[i],
                    ComputeMilliseconds = cams.Milliseconds,
                    ForwardBatchSize = batch.AcceptedCount,
                    ModelVersion = Model.VersionLabel,
                },
                InputHeatmap = heatmap,
                Geometry = geometry,
                SourceBox = heatmap.TopRegion(options.RegionThreshold) is { } box ? geometry.ToSource(box) : null,
                HeatmapMilliseconds = cams.Milliseconds,
            };
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.Rejections[i] is { } rejected)
                results[offset + i] = new ImageHeatmap { Classification = rejected };
        }
    }

    private static async Task DiscardAsync(Task<PreparedBatch> pending)
    {
        try
        {
            (await pending).ReturnBuffer();
        }
        catch (Exception)
        {
            // Already failing or cancelled: the error that surfaces is the first one.
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
                best = c;
        }
        return best;
    }

    private void ReleaseResources()
    {
        try
        {
            _model.Dispose();
            if (_ownsDeviceThread)
                _deviceThread.Dispose();
            LogReleased(Model.VersionLabel, Device);
            _released.TrySetResult();
        }
        catch (Exception ex)
        {
            _released.TrySetException(ex);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Inference engine for model {ModelVersion} started on {Device} ({Threads} torch threads, batches of up to {MaxBatchSize})")]
    private partial void LogStarted(string modelVersion, string device, int threads, int maxBatchSize);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Model {ModelVersion} on {Device} warmed up with a batch of {BatchSize} in {Milliseconds:F0} ms")]
    private partial void LogWarmedUp(string modelVersion, string device, int batchSize, double milliseconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Model {ModelVersion} on {Device} classified a batch of {Count} ({Rejected} rejected) in {Milliseconds:F1} ms")]
    private partial void LogBatch(string modelVersion, string device, int count, int rejected, double milliseconds);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Image {Index} rejected ({Reason}): {Message}")]
    private partial void LogRejected(int index, string reason, string message);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Model {ModelVersion} on {Device} computed {Count} heatmaps in {Milliseconds:F1} ms")]
    private partial void LogHeatmaps(string modelVersion, string device, int count, double milliseconds);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Model {ModelVersion} on {Device} released")]
    private partial void LogReleased(string modelVersion, string device);
}
