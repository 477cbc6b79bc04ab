using FracCluster.Ml.Metrics;
using FracCluster.Ml.Training;

namespace FracCluster.Ml.Tests.Training;

public sealed class BestEpochRuleTests
{
    [Theory]
    [InlineData(0.80, 0.90, 0.50, 0.75, 0.95, 0.40, true)]   // higher accuracy wins even with lower AUC and higher loss
    [InlineData(0.70, 0.99, 0.10, 0.75, 0.50, 0.90, false)]  // lower accuracy loses
    [InlineData(0.75, 0.91, 0.60, 0.75, 0.90, 0.40, true)]   // equal accuracy: higher AUC wins
    [InlineData(0.75, 0.90, 0.39, 0.75, 0.90, 0.40, true)]   // equal accuracy and AUC: lower loss wins
    [InlineData(0.75, 0.90, 0.40, 0.75, 0.90, 0.40, false)]  // full tie keeps the earlier epoch
    public void Best_epoch_is_chosen_by_accuracy_then_auc_then_loss(double acc, double auc, double loss, double bestAcc, double bestAuc, double bestLoss, bool better)
    {
        var candidate = new EvaluationReport { Split = "Validation", Loss = loss, Metrics = Metrics(acc, auc), Roc = [], Predictions = [] };
        var best = new EpochRecord { Epoch = 1, TrainLoss = 0, ValidationLoss = bestLoss, Validation = Metrics(bestAcc, bestAuc), Seconds = 0 };

        Assert.Equal(better, Trainer.IsBetter(candidate, best));
    }

    [Fact]
    public void Shuffling_depends_on_seed_and_epoch_only()
    {
        Assert.Equal(Trainer.Shuffle(50, 3, 4), Trainer.Shuffle(50, 3, 4));
        Assert.NotEqual(Trainer.Shuffle(50, 3, 4), Trainer.Shuffle(50, 3, 5));
        Assert.Equal(Enumerable.Range(0, 50), Trainer.Shuffle(50, 3, 4).Order());
    }

    private static BinaryMetrics Metrics(double accuracy, double auc) => new()
    {
        Threshold = 0.5,
        Confusion = default,
        Accuracy = accuracy,
        Sensitivity = 0,
        Specificity = 0,
        Precision = 0,
        F1 = 0,
        RocAuc = auc,
    };
}
