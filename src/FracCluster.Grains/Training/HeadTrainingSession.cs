using FracCluster.Contracts.Training;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Reporting;
using FracCluster.Ml.Torch;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;

namespace FracCluster.Grains.Training;

/// <summary>
/// The coordinator's in-memory side of the head phase: the initial model, its untouched head and the run's features
/// joined from the shard blobs (in shard order, so every activation sees the same rows). Each step calls the training
/// core's <see cref="Trainer.TrainOnFeaturesAsync"/> with <c>Resume</c> and a target epoch one past the last completed:
/// the core restores weights and optimizer state from the run's blobs, trains exactly that epoch and saves it, so the run
/// continues after the last completed epoch wherever the coordinator lives.
/// </summary>
public sealed class HeadTrainingSession : IDisposable
{
    private readonly LoadedCheckpoint _start;
    private readonly byte[] _initialHead;
    private readonly ClassLayout _classes;
    private readonly Dictionary<SplitName, FeatureSet> _features;
    private readonly PreprocessOptions _preprocess;

    private HeadTrainingSession(LoadedCheckpoint start, ClassLayout classes, Dictionary<SplitName, FeatureSet> features, PreprocessOptions preprocess)
    {
        _start = start;
        _classes = classes;
        _features = features;
        _preprocess = preprocess;
        using var ms = new MemoryStream();
        start.Model.Head.save(ms);
        _initialHead = ms.ToArray();
    }

    public static async Task<HeadTrainingSession> OpenAsync(IBlobStore blobs, string runId, TrainingRunState state, CancellationToken cancellationToken)
    {
        var request = state.Request ?? throw new InvalidOperationException("The run has no request.");
        var parts = new List<FeatureSet>(state.Shards.Count);
        foreach (var shard in state.Shards.OrderBy(s => s.Index))
        {
            var key = RunKeys.Shard(runId, shard.Index);
            var bytes = await blobs.GetAsync(key, cancellationToken) ?? throw new BlobNotFoundException(key);
            parts.Add(FeatureSet.Deserialize(bytes));
        }
        var path = await CheckpointResolver.ResolveAsync(blobs, request.Weights, cancellationToken);
        var start = await Task.Run(() => ModelCheckpoint.Load(path, TorchRuntime.ParseDevice("cpu")), cancellationToken);
        FrozenBackbone.Freeze(start.Model);
        var width = start.Model.FeatureCount;
        var all = FeatureSet.Concat(parts, width);
        var features = Enum.GetValues<SplitName>().ToDictionary(s => s, s => Select(all, s));
        var preprocess = request.ImageSize is { } size ? start.Metadata.Preprocess with { Size = size } : start.Metadata.Preprocess;
        return new HeadTrainingSession(start, new ClassLayout(state.ClassNames, state.PositiveClass), features, preprocess);
    }

    public CheckpointMetadata StartMetadata => _start.Metadata;

    /// <summary>Trains up to <paramref name="epochs"/> (one more than saved) and scores the best epoch; the model then holds the best weights.</summary>
    public Task<TrainingResult> RunToEpochAsync(int epochs, TrainingRunRequest request, IBlobStore runStore, ILogger<Trainer> logger, CancellationToken cancellationToken)
    {
        // The core fingerprints the starting model: every step starts from the same initial head, the saved epoch state does the rest.
        using (var ms = new MemoryStream(_initialHead))
            _start.Model.Head.load(ms);
        var trainer = new Trainer(Options(request, epochs), logger);
        return trainer.TrainOnFeaturesAsync(_start.Model, _classes, _features, runStore, null, cancellationToken);
    }

    /// <summary>Writes the model (holding the best epoch's weights) as a checkpoint to <paramref name="key"/>.</summary>
    public async Task SaveCheckpointAsync(IBlobStore blobs, string key, TrainingRunRequest request, string manifestSha256, int bestEpoch, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fraccluster-training", "out-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var start = _start.Metadata;
            var settings = Options(request, request.Epochs).Describe().ToDictionary();
            settings["bestEpoch"] = bestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["trainedBy"] = "cluster";
            var basePath = Path.Combine(folder, "best");
            ModelCheckpoint.Save(_start.Model, start with
            {
                Preprocess = _preprocess,
                Training = settings,
                SplitManifestSha256 = manifestSha256,
                Metrics = metrics,
                SourceWeightsSha256 = start.WeightsSha256 ?? start.SourceWeightsSha256,
                CreatedAt = DateTimeOffset.UtcNow,
            }, basePath);
            await CheckpointResolver.UploadAsync(blobs, basePath, key, cancellationToken);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>report.md, metrics.jsonl, plots and TensorBoard events for the finished run, uploaded under <paramref name="prefix"/>.</summary>
    public async Task WriteReportAsync(IBlobStore blobs, string prefix, string runId, TrainingRunRequest request, TrainingResult result, IReadOnlyList<BadEntry> badEntries, int images, string manifestSha256, CancellationToken cancellationToken)
    {
        var run = new RunDescription
        {
            Name = request.Name ?? runId,
            Data = $"{request.Dataset} ({images} images; split manifest {manifestSha256[..12]}; {badEntries.Count} unusable)",
            Model = $"EfficientNet-{_start.Metadata.Variant} from {request.Weights} ({_start.Metadata.VersionLabel}), input {_preprocess.Size}×{_preprocess.Size}; trained on the cluster",
            ClassNames = _classes.ClassNames,
            PositiveClass = _classes.PositiveClass,
            Settings = Options(request, request.Epochs).Describe(),
        };
        await RunReportWriter.WriteAsync(blobs, prefix, run, result, badEntries, cancellationToken);
    }

    private static TrainingOptions Options(TrainingRunRequest request, int epochs) => new()
    {
        Mode = TrainingMode.LinearProbe,
        Epochs = epochs,
        BatchSize = request.BatchSize,
        LearningRate = request.LearningRate,
        Seed = request.Seed,
        Device = "cpu",
        Resume = true,
    };

    private static FeatureSet Select(FeatureSet all, SplitName split)
    {
        var rows = Enumerable.Range(0, all.Count).Where(i => all.Items[i].Split == split).ToList();
        var values = new float[rows.Count * all.FeatureCount];
        for (var k = 0; k < rows.Count; k++)
            all.Row(rows[k]).CopyTo(values.AsSpan(k * all.FeatureCount, all.FeatureCount));
        return new FeatureSet(rows.Select(i => all.Items[i]).ToList(), all.FeatureCount, values);
    }

    public void Dispose() => _start.Dispose();
}
