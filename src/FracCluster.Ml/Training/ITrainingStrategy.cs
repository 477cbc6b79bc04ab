using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>How one epoch trains and how a split is scored: on cached features (linear probe) or on images (fine-tune).</summary>
internal interface ITrainingStrategy : IDisposable
{
    /// <summary>The module whose weights change, saved after every epoch and for the best model.</summary>
    nn.Module Trainable { get; }

    IEnumerable<Parameter> TrainableParameters { get; }

    int TrainCount { get; }

    /// <summary>Labels of the train split in training order (for class weights).</summary>
    IReadOnlyList<string> TrainLabels { get; }

    /// <summary>Runs one epoch over the train items in <paramref name="order"/>; returns the mean loss.</summary>
    Task<double> TrainEpochAsync(int epoch, int[] order, OptimizerHelper optimizer, Tensor? classWeights, Action<long, long> onBatch, CancellationToken cancellationToken);

    Task<EvaluationReport> ScoreAsync(Data.SplitName split, IProgress<ProgressTick>? progress, CancellationToken cancellationToken);
}
