using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>Scores a whole model (backbone + head, eval mode) on images: what `frac evaluate` and fine-tuning use.</summary>
public sealed class ModelEvaluator
{
    private readonly FeatureClassifier _model;
    private readonly Device _device;
    private readonly ImageBatchDecoder _decoder;
    private readonly int _batchSize;

    public ModelEvaluator(FeatureClassifier model, Device device, ImageBatchDecoder decoder, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _model = model;
        _device = device;
        _decoder = decoder;
        _batchSize = batchSize;
    }

    public async Task<EvaluationReport> EvaluateAsync(string splitName, IReadOnlyList<ManifestEntry> items, ClassLayout classes, double targetSensitivity, IProgress<ProgressTick>? progress = null, CancellationToken cancellationToken = default)
    {
        var predictions = new List<Prediction>(items.Count);
        var skipped = new List<SkippedImage>();
        double lossSum = 0;
        var batches = items.Chunk(_batchSize).ToList();
        var wasTraining = _model.training;
        _model.eval();
        try
        {
            Task<DecodedBatch>? next = batches.Count > 0 ? _decoder.DecodeAsync(batches[0], cancellationToken) : null;
            long done = 0;
            for (var b = 0; b < batches.Count; b++)
            {
                var decoded = await next!;
                next = b + 1 < batches.Count ? _decoder.DecodeAsync(batches[b + 1], cancellationToken) : null;
                skipped.AddRange(decoded.Skipped);
                if (decoded.Items.Count > 0)
                    lossSum += Score(decoded, classes, predictions);
                done += batches[b].Length;
                progress?.Report(new ProgressTick(splitName, done, items.Count));
            }
        }
        finally
        {
            _model.train(wasTraining);
        }
        if (predictions.Count == 0)
            throw new TrainingDataException($"No usable image in the {splitName} split ({skipped.Count} skipped).");
        return EvaluationReport.FromPredictions(splitName, lossSum / predictions.Count, predictions, targetSensitivity, skipped);
    }

    private double Score(DecodedBatch batch, ClassLayout classes, List<Prediction> into)
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var logits = _model.forward(tensor(batch.Pixels, batch.Shape).to(_device));
        return LogitScoring.Accumulate(logits, batch.Items, classes, into);
    }
}
