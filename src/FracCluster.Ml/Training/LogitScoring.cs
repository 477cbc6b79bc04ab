using FracCluster.Ml.Data;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>Turns logits of a batch into the summed cross-entropy and per-image positive-class probabilities.</summary>
internal static class LogitScoring
{
    public static double Accumulate(Tensor logits, IReadOnlyList<ManifestEntry> items, ClassLayout classes, List<Prediction> into)
    {
        using var scope = NewDisposeScope();
        var targets = tensor(items.Select(i => (long)classes.IndexOf(i.Label)).ToArray()).to(logits.device);
        var logProbabilities = nn.functional.log_softmax(logits.to(float32), 1);
        var lossSum = nn.functional.nll_loss(logProbabilities, targets, reduction: nn.Reduction.Sum).item<float>();
        var positive = logProbabilities[TensorIndex.Colon, classes.PositiveClass].exp().to(float64).cpu().data<double>().ToArray();
        for (var i = 0; i < items.Count; i++)
            into.Add(new Prediction(items[i].Path, items[i].Label, classes.IsPositive(items[i].Label), positive[i]));
        return lossSum;
    }
}
