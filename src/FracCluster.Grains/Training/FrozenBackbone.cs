using FracCluster.Ml.Models;

namespace FracCluster.Grains.Training;

/// <summary>The linear probe's backbone: no gradients, BatchNorm on its running statistics.</summary>
internal static class FrozenBackbone
{
    public static void Freeze(FeatureClassifier model)
    {
        foreach (var p in model.Backbone.parameters())
            p.requires_grad = false;
        model.Backbone.eval();
    }
}
