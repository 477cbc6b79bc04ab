using System.Collections;
using FracCluster.Ml.Import;
using FracCluster.Ml.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Import;

/// <summary>
/// The seed project's best_model.pth shape: a 2-class efficientnet-pytorch B6 (_fc 2304→2, class 0 = fractured).
/// Written here from a random B6 renamed to efficientnet-pytorch keys, so no 170 MB file lives in the repo.
/// </summary>
public sealed class SeedCheckpointImportTests
{
    [Fact]
    public void A_two_class_efficientnet_pytorch_b6_imports_with_its_head_and_labels_and_identical_outputs()
    {
        using var dir = new TempDirectory();
        var path = dir.File("best_model.pth");
        var config = EfficientNetConfig.EfficientNetPyTorch(EfficientNetVariant.B6, numClasses: 2);
        using var original = new EfficientNet(config);
        original.eval();
        var names = new EfficientNetPyTorchNames(config);
        var renamed = new Hashtable();
        foreach (var (key, tensor) in original.state_dict())
            renamed[names.ToEfficientNetPyTorch(key)!] = tensor;
        using (var stream = File.Create(path))
            PyTorchPickler.PickleStateDict(stream, renamed, leaveOpen: true);

        using var imported = WeightImporter.Import(path, new WeightImportOptions
        {
            Format = WeightsFormat.EfficientNetPyTorch,
            Variant = EfficientNetVariant.B6,
        });

        Assert.False(imported.HeadReplaced);
        Assert.Equal(2304, imported.Model.FeatureCount);
        Assert.Equal(["fractured", "non_fractured"], imported.Metadata.ClassNames);
        Assert.Equal(0, imported.Metadata.PositiveClass);
        Assert.Equal("tf-same", imported.Metadata.PaddingMode);
        Assert.Equal(528, imported.Metadata.PaddingImageSize);
        Assert.Equal("efficientnet-pytorch", imported.Metadata.Flavor);

        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        manual_seed(11);
        var x = randn(1, 3, 64, 64);
        Assert.True(imported.Model.forward(x).allclose(original.forward(x), rtol: 0, atol: 0));
    }
}
