using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>
/// Trains the whole model on images (or the head plus the last K top-level backbone blocks), BatchNorm in train mode
/// where trainable. Images are decoded per batch, the next batch decoding while the current one trains.
/// </summary>
internal sealed class FineTuneStrategy : ITrainingStrategy
{
    private readonly FeatureClassifier _model;
    private readonly Device _device;
    private readonly ClassLayout _classes;
    private readonly ImageBatchDecoder _decoder;
    private readonly IReadOnlyDictionary<SplitName, IReadOnlyList<ManifestEntry>> _items;
    private readonly TrainingOptions _options;
    private readonly List<nn.Module> _frozen = [];
    private readonly List<SkippedImage> _skippedDuringTraining = [];

    public FineTuneStrategy(FeatureClassifier model, Device device, ClassLayout classes, ImageBatchDecoder decoder, IReadOnlyDictionary<SplitName, IReadOnlyList<ManifestEntry>> items, TrainingOptions options)
    {
        _model = model;
        _device = device;
        _classes = classes;
        _decoder = decoder;
        _items = items;
        _options = options;
        foreach (var p in model.parameters())
            p.requires_grad = true;
        if (options.TrainLastBlocks is { } k)
        {
            var blocks = model.Backbone.children().ToList();
            if (k > blocks.Count)
                throw new ArgumentOutOfRangeException(nameof(options), k, $"The backbone has {blocks.Count} top-level blocks; cannot train the last {k}.");
            _frozen.AddRange(blocks.Take(blocks.Count - k));
            foreach (var p in _frozen.SelectMany(m => m.parameters()))
                p.requires_grad = false;
        }
    }

    public nn.Module Trainable => _model;

    public IEnumerable<Parameter> TrainableParameters => _model.parameters().Where(p => p.requires_grad);

    public int TrainCount => _items[SplitName.Train].Count;

    public IReadOnlyList<string> TrainLabels => _items[SplitName.Train].Select(i => i.Label).ToList();

    /// <summary>Images that decoded in the preflight check but failed later (changed on disk during the run).</summary>
    public IReadOnlyList<SkippedImage> SkippedDuringTraining => _skippedDuringTraining;

    public async Task<double> TrainEpochAsync(int epoch, int[] order, OptimizerHelper optimizer, Tensor? classWeights, Action<long, long> onBatch, CancellationToken cancellationToken)
    {
        _model.train();
        foreach (var m in _frozen)
            m.eval();
        var train = _items[SplitName.Train];
        var batches = order.Chunk(_options.BatchSize).Select(b => (IReadOnlyList<ManifestEntry>)b.Select(i => train[i]).ToList()).ToList();
        double lossSum = 0;
        long seen = 0, done = 0;
        Task<DecodedBatch>? next = batches.Count > 0 ? _decoder.DecodeAsync(batches[0], cancellationToken) : null;
        for (var b = 0; b < batches.Count; b++)
        {
            var decoded = await next!;
            next = b + 1 < batches.Count ? _decoder.DecodeAsync(batches[b + 1], cancellationToken) : null;
            _skippedDuringTraining.AddRange(decoded.Skipped);
            if (decoded.Items.Count > 0)
            {
                if (_options.FlipAugmentation)
                    FlipAugmenter.Apply(decoded.Pixels, channels: 3, decoded.ImageSize, FlipAugmenter.Draw(_options.Seed, epoch, b, decoded.Items.Count));
                if (_options.ShiftAugmentationPixels > 0)
                    ShiftAugmenter.Apply(decoded.Pixels, channels: 3, decoded.ImageSize, ShiftAugmenter.Draw(_options.Seed, epoch, b, decoded.Items.Count, _options.ShiftAugmentationPixels));
                lossSum += Step(decoded, optimizer, classWeights);
                seen += decoded.Items.Count;
            }
            done += batches[b].Count;
            onBatch(done, order.Length);
        }
        return seen == 0 ? double.NaN : lossSum / seen;
    }

    // Synchronous: the grad mode and dispose scope must stay on this thread.
    private double Step(DecodedBatch batch, OptimizerHelper optimizer, Tensor? classWeights)
    {
        using var scope = NewDisposeScope();
        var x = tensor(batch.Pixels, batch.Shape).to(_device);
        var y = tensor(batch.Items.Select(i => (long)_classes.IndexOf(i.Label)).ToArray()).to(_device);
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(_model.forward(x), y, classWeights);
        loss.backward();
        optimizer.step();
        return loss.item<float>() * batch.Items.Count;
    }

    public Task<EvaluationReport> ScoreAsync(SplitName split, IProgress<ProgressTick>? progress, CancellationToken cancellationToken) =>
        new ModelEvaluator(_model, _device, _decoder, _options.InferenceBatchSize)
            .EvaluateAsync(split.ToString(), _items[split], _classes, _options.TargetSensitivity, progress, cancellationToken);

    public void Dispose()
    {
    }
}
