using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>
/// Trains only the head (dropout + linear) on cached backbone features. The backbone stays frozen and in eval mode and
/// is never called here: after extraction an epoch costs a few small matrix products.
/// </summary>
internal sealed class LinearProbeStrategy : ITrainingStrategy
{
    private readonly FeatureClassifier _model;
    private readonly ClassLayout _classes;
    private readonly int _batchSize;
    private readonly int _inferenceBatchSize;
    private readonly double _targetSensitivity;
    private readonly IReadOnlyDictionary<SplitName, FeatureSet> _features;
    private readonly Tensor _trainX;
    private readonly Tensor _trainY;

    public LinearProbeStrategy(FeatureClassifier model, Device device, ClassLayout classes, IReadOnlyDictionary<SplitName, FeatureSet> features, TrainingOptions options)
    {
        _model = model;
        _classes = classes;
        _features = features;
        _batchSize = options.BatchSize;
        _inferenceBatchSize = Math.Max(options.InferenceBatchSize, options.BatchSize);
        _targetSensitivity = options.TargetSensitivity;
        Freeze(model);
        var train = features[SplitName.Train];
        _trainX = tensor(train.Values, [train.Count, train.FeatureCount]).to(device);
        _trainY = tensor(train.Items.Select(i => (long)classes.IndexOf(i.Label)).ToArray()).to(device);
    }

    public nn.Module Trainable => _model.Head;

    public IEnumerable<Parameter> TrainableParameters => _model.Head.parameters();

    public int TrainCount => _features[SplitName.Train].Count;

    public IReadOnlyList<string> TrainLabels => _features[SplitName.Train].Items.Select(i => i.Label).ToList();

    /// <summary>Backbone parameters stop requiring gradients and BatchNorm keeps its running statistics.</summary>
    public static void Freeze(FeatureClassifier model)
    {
        foreach (var p in model.Backbone.parameters())
            p.requires_grad = false;
        model.Backbone.eval();
    }

    public Task<double> TrainEpochAsync(int epoch, int[] order, OptimizerHelper optimizer, Tensor? classWeights, Action<long, long> onBatch, CancellationToken cancellationToken)
    {
        _model.Head.train();
        double lossSum = 0;
        long done = 0;
        foreach (var batch in order.Chunk(_batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lossSum += Step(batch, optimizer, classWeights);
            done += batch.Length;
            onBatch(done, order.Length);
        }
        return Task.FromResult(lossSum / order.Length);
    }

    private double Step(int[] batch, OptimizerHelper optimizer, Tensor? classWeights)
    {
        using var scope = NewDisposeScope();
        var index = tensor(batch.Select(i => (long)i).ToArray()).to(_trainX.device);
        var x = _trainX.index_select(0, index);
        var y = _trainY.index_select(0, index);
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(_model.ForwardHead(x), y, classWeights);
        loss.backward();
        optimizer.step();
        return loss.item<float>() * batch.Length;
    }

    public Task<EvaluationReport> ScoreAsync(SplitName split, IProgress<ProgressTick>? progress, CancellationToken cancellationToken)
    {
        var set = _features[split];
        if (set.Count == 0)
            throw new TrainingDataException($"The {split} split has no usable image.");
        var wasTraining = _model.Head.training;
        _model.Head.eval();
        try
        {
            var predictions = new List<Prediction>(set.Count);
            double lossSum = 0;
            for (var start = 0; start < set.Count; start += _inferenceBatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(_inferenceBatchSize, set.Count - start);
                lossSum += ScoreRows(set, start, count, predictions);
                progress?.Report(new ProgressTick(split.ToString(), start + count, set.Count));
            }
            return Task.FromResult(EvaluationReport.FromPredictions(split.ToString(), lossSum / set.Count, predictions, _targetSensitivity));
        }
        finally
        {
            _model.Head.train(wasTraining);
        }
    }

    private double ScoreRows(FeatureSet set, int start, int count, List<Prediction> into)
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var x = tensor(set.Values.AsSpan(start * set.FeatureCount, count * set.FeatureCount).ToArray(), [count, set.FeatureCount]).to(_trainX.device);
        var items = set.Items.Skip(start).Take(count).ToList();
        return LogitScoring.Accumulate(_model.ForwardHead(x), items, _classes, into);
    }

    public void Dispose()
    {
        _trainX.Dispose();
        _trainY.Dispose();
    }
}
