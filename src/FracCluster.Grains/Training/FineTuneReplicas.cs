using System.Collections.Concurrent;
using FracCluster.Contracts.Training;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Torch;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Training;

/// <summary>
/// This silo's fine-tune replicas, one per run, and the data they read. Each replica does one thing at a time (its own
/// gate); the torch work runs on the thread pool, off the grain scheduler.
/// </summary>
public sealed class FineTuneReplicas(IBlobStore blobs, IOptions<ClusterTrainingOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);

    public async Task SyncAsync(ReplicaSync sync, CancellationToken cancellationToken)
    {
        var entry = _runs.GetOrAdd(sync.RunId, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Epoch 0 starts from the starting weights: a replica built afresh from them, rather than a copy of its state
            // kept in memory for the whole run (490 MB per replica for B6).
            if (sync.StatePrefix is null || entry.Replica is null || entry.Sync is null || entry.Sync.Weights != sync.Weights || entry.Sync.ImageSize != sync.ImageSize)
            {
                var path = await CheckpointResolver.ResolveAsync(blobs, sync.Weights, cancellationToken);
                var manifest = await SplitManifest.LoadAsync(blobs, sync.ManifestKey, cancellationToken);
                var source = await TrainingData.OpenAsync(blobs, sync.Dataset, cancellationToken);
                // The old replica goes first: for B6, weights and Adam state of two replicas at once would be 0.5 GB more.
                entry.Replica?.Dispose();
                entry.Replica = null;
                var replica = await Task.Run(() =>
                {
                    var checkpoint = ModelCheckpoint.Load(path, TorchRuntime.ParseDevice("cpu"));
                    var preprocess = sync.ImageSize is { } size ? checkpoint.Metadata.Preprocess with { Size = size } : checkpoint.Metadata.Preprocess;
                    return new FineTuneReplica(checkpoint, preprocess, sync.LearningRate, manifest.ClassNames);
                }, cancellationToken);
                entry.Replica = replica;
                entry.Manifest = manifest;
                entry.Decoder = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), replica.Preprocess), source.ReadAsync, options.Value.DecodeParallelism);
            }
            var r = entry.Replica;
            if (sync.StatePrefix is not null)
            {
                var model = await ReadAsync(BlobKeys.Combine(sync.StatePrefix, "model.dat"), cancellationToken);
                var optimizer = await ReadAsync(BlobKeys.Combine(sync.StatePrefix, "optimizer.dat"), cancellationToken);
                await Task.Run(() => r.LoadState(model, optimizer), cancellationToken);
            }
            r.Epoch = sync.Epoch;
            r.Step = 0;
            entry.Sync = sync;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    public Task<MicroBatchGradients> ComputeAsync(GradientWork work, CancellationToken cancellationToken) =>
        WithReplicaAsync(work.RunId, async entry =>
        {
            var replica = entry.Replica!;
            if (replica.Epoch != work.Epoch || replica.Step != work.Step)
                throw new ReplicaOutOfSyncException(work.RunId, replica.Epoch, replica.Step, work.Epoch, work.Step);
            var decoded = new List<(int, DecodedBatch)>();
            var skipped = new List<BadEntry>();
            foreach (var mb in work.MicroBatches)
            {
                var batch = await entry.Decoder!.DecodeAsync(mb.Entries.Select(i => entry.Manifest!.Entries[i]).ToList(), cancellationToken);
                skipped.AddRange(batch.Skipped.Select(s => new BadEntry(s.Path, $"{s.Reason}: {s.Message}")));
                decoded.Add((mb.Index, batch));
            }
            var result = await Task.Run(() => replica.ComputeGradients(decoded, work.Seed, work.Epoch, work.Step), cancellationToken);
            if (!options.Value.FitsInline((long)result.Parameters * sizeof(float) * result.MicroBatches.Count))
            {
                // Too large for one grain call: each micro-batch's gradient goes to its blob, the call carries the keys.
                var stored = await Task.WhenAll(result.MicroBatches.Select(async mb =>
                {
                    var key = RunKeys.FineTuneGradient(work.RunId, work.Epoch, work.Step, mb.Index);
                    await GradientBlobs.WriteAsync(blobs, key, mb.Gradients, cancellationToken);
                    return new MicroBatchGradient(mb.Index, []) { BlobKey = key };
                }));
                result = result with { MicroBatches = stored };
            }
            return result with { Skipped = skipped };
        }, cancellationToken);

    public Task ApplyAsync(ReplicaUpdate update, CancellationToken cancellationToken) =>
        WithReplicaAsync(update.RunId, async entry =>
        {
            var replica = entry.Replica!;
            if (replica.Epoch != update.Epoch || replica.Step != update.Step)
                throw new ReplicaOutOfSyncException(update.RunId, replica.Epoch, replica.Step, update.Epoch, update.Step);
            var gradients = update.GradientsKey is { } key
                ? await GradientBlobs.ReadAsync(blobs, key, replica.ParameterCount, cancellationToken)
                : update.Gradients;
            await Task.Run(() => replica.Apply(gradients, update.Buffers), cancellationToken);
            return true;
        }, cancellationToken);

    public Task SaveStateAsync(string runId, string prefix, CancellationToken cancellationToken) =>
        WithReplicaAsync(runId, async entry =>
        {
            var (model, optimizer) = await Task.Run(entry.Replica!.SaveState, cancellationToken);
            await blobs.PutAsync(BlobKeys.Combine(prefix, "model.dat"), model, cancellationToken);
            await blobs.PutAsync(BlobKeys.Combine(prefix, "optimizer.dat"), optimizer, cancellationToken);
            return true;
        }, cancellationToken);

    public Task SaveCheckpointAsync(string runId, string key, string manifestSha256, IReadOnlyDictionary<string, string> training, CancellationToken cancellationToken) =>
        WithReplicaAsync(runId, async entry =>
        {
            var replica = entry.Replica!;
            var folder = Path.Combine(Path.GetTempPath(), "fraccluster-training", "ft-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(folder);
            try
            {
                var start = replica.Metadata;
                var basePath = Path.Combine(folder, "best");
                await Task.Run(() => replica.SaveCheckpoint(basePath, start with
                {
                    Preprocess = replica.Preprocess,
                    Training = training,
                    SplitManifestSha256 = manifestSha256,
                    SourceWeightsSha256 = start.WeightsSha256 ?? start.SourceWeightsSha256,
                    CreatedAt = DateTimeOffset.UtcNow,
                }), cancellationToken);
                await CheckpointResolver.UploadAsync(blobs, basePath, key, cancellationToken);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
            return true;
        }, cancellationToken);

    public Task<ScoreResult> ScoreAsync(string runId, IReadOnlyList<int> entries, CancellationToken cancellationToken) =>
        WithReplicaAsync(runId, async entry =>
        {
            var images = new List<ScoredImage>();
            var skipped = new List<BadEntry>();
            double lossSum = 0;
            foreach (var chunk in entries.Chunk(options.Value.InferenceBatchSize))
            {
                var batch = await entry.Decoder!.DecodeAsync(chunk.Select(i => entry.Manifest!.Entries[i]).ToList(), cancellationToken);
                skipped.AddRange(batch.Skipped.Select(s => new BadEntry(s.Path, $"{s.Reason}: {s.Message}")));
                if (batch.Items.Count == 0)
                    continue;
                var (scored, loss) = await Task.Run(() => entry.Replica!.Score(batch), cancellationToken);
                images.AddRange(scored);
                lossSum += loss;
            }
            return new ScoreResult { Images = images, LossSum = lossSum, Skipped = skipped };
        }, cancellationToken);

    public void Drop(string runId)
    {
        if (_runs.TryRemove(runId, out var entry))
            entry.Replica?.Dispose();
    }

    private async Task<T> WithReplicaAsync<T>(string runId, Func<Entry, Task<T>> action, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var entry))
            throw new ReplicaOutOfSyncException(runId);
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (entry.Replica is null)
                throw new ReplicaOutOfSyncException(runId);
            return await action(entry);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken) =>
        await blobs.GetAsync(key, cancellationToken) ?? throw new BlobNotFoundException(key);

    public void Dispose()
    {
        foreach (var entry in _runs.Values)
            entry.Replica?.Dispose();
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public FineTuneReplica? Replica { get; set; }

        public ReplicaSync? Sync { get; set; }

        public SplitManifest? Manifest { get; set; }

        public ImageBatchDecoder? Decoder { get; set; }
    }
}
