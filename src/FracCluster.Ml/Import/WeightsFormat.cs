namespace FracCluster.Ml.Import;

/// <summary>The key naming of a PyTorch state dict.</summary>
public enum WeightsFormat
{
    /// <summary>torchvision's <c>features.N…</c>, <c>classifier.1.weight</c>: this project's native names.</summary>
    Torchvision,

    /// <summary>lukemelas/EfficientNet-PyTorch's <c>_conv_stem</c>, <c>_blocks.N._expand_conv</c>, …, <c>_fc</c>.</summary>
    EfficientNetPyTorch,
}
