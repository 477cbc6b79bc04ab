using FracCluster.Imaging;
using FracCluster.Ml.Models;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using TorchSharp;

namespace FracCluster.Ml.Tests.Training;

public sealed class EfficientNetFineTuneTests
{
    [Fact]
    public async Task A_small_efficientnet_fine_tuned_on_cpu_separates_the_synthetic_classes()
    {
        var data = SyntheticSet.Create(trainPerClass: 32, validationPerClass: 10, testPerClass: 10, size: 64);
        torch.random.manual_seed(3);
        using var model = new EfficientNet(new EfficientNetConfig { Variant = EfficientNetVariant.B0, Width = 0.25, Depth = 0.3, NumClasses = 2 });
        using var folder = new TempFolder();

        // 3e-3 rather than the method's 1e-3: a randomly initialised network has ten short epochs to learn here.
        var result = await new Trainer(new TrainingOptions { Mode = TrainingMode.FineTune, Epochs = 10, Seed = 2, LearningRate = 0.003 })
            .RunAsync(model, data.ToDataset(), PreprocessOptions.ImageNet(64), new FileBlobStore(folder.Path), null);

        Assert.True(result.Validation.Metrics.RocAuc >= 0.9, $"validation ROC-AUC {result.Validation.Metrics.RocAuc}; history {string.Join(", ", result.History.Select(h => h.Validation.RocAuc.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
    }
}
