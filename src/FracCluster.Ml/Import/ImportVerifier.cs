using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using static TorchSharp.torch;

namespace FracCluster.Ml.Import;

/// <summary>
/// Proves a migration: runs the model on a reference file's input, made in the user's PyTorch with
/// <c>torch.save({'input': x, 'logits': model(x)}, 'ref.pth')</c> (optionally 'features'), and compares.
/// </summary>
public static class ImportVerifier
{
    public static ImportVerification Verify(FeatureClassifier model, string referencePath, double tolerance = ImportVerification.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var reference = PyTorchFileReader.ReadTensors(referencePath);
        var input = Required(reference, "input", referencePath);
        var logits = Required(reference, "logits", referencePath);
        reference.TryGetValue("features", out var expectedFeatures);

        if (input.dim() != 4 || input.shape[1] != 3)
            throw new CheckpointException($"{referencePath}: 'input' must be [N, 3, H, W], got [{string.Join(", ", input.shape)}].");

        var device = model.parameters().First().device;
        using var mode = inference_mode();
        var x = input.to(float32).to(device);
        var features = model.ForwardFeatures(x);
        var actual = model.ForwardHead(features).cpu();
        if (!actual.shape.SequenceEqual(logits.shape))
            throw new CheckpointException($"{referencePath}: reference logits are [{string.Join(", ", logits.shape)}] but the model gives [{string.Join(", ", actual.shape)}] (is the head the same? import with --keep-head to verify ImageNet weights).");

        var logitDiff = (actual - logits.to(float32)).abs().max().item<float>();
        double? featureDiff = null;
        if (expectedFeatures is not null)
        {
            var f = features.cpu();
            if (!f.shape.SequenceEqual(expectedFeatures.shape))
                throw new CheckpointException($"{referencePath}: reference features are [{string.Join(", ", expectedFeatures.shape)}] but the model gives [{string.Join(", ", f.shape)}].");
            featureDiff = (f - expectedFeatures.to(float32)).abs().max().item<float>();
        }
        return new ImportVerification(logitDiff, featureDiff, input.shape, tolerance);
    }

    private static Tensor Required(Dictionary<string, Tensor> reference, string key, string path) =>
        reference.TryGetValue(key, out var tensor)
            ? tensor
            : throw new CheckpointException($"{path} has no '{key}' tensor; expected torch.save({{'input': x, 'logits': y}}) (keys found: {string.Join(", ", reference.Keys)}).");
}
